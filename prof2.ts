import { demoEngine } from './test/helpers/demo';
import { riskGroup } from './lib/metrics/risk';
const db = await demoEngine();
for (let i=0;i<2;i++){ const t = performance.now(); const r = await riskGroup(db, {}); console.log('risk', r.length, performance.now() - t, r.filter(x=>x.on_risk_list).length); if(i==1) console.log(r.slice(0,2), r.find(x=>x.negative_dynamics)); }
