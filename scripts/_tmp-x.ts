import { readFileSync, readdirSync } from 'node:fs';
import { parseWorkbook } from '../lib/xlsx/read';
const dir = 'test/fixtures/uploads';
for (const f of readdirSync(dir).filter((f) => /^x.*\.xlsx?$/.test(f))) {
  try {
    const p = parseWorkbook(new Uint8Array(readFileSync(`${dir}/${f}`)), f);
    console.log(f, p.sheet, p.sheets.map((s) => `${s.name}:${s.rows}${s.chart ? 'c' : ''}`).join(','), p.mapping?.table, p.headers.join('|'), 'rows', p.rows.length, 'records', p.records, JSON.stringify(p.problems), JSON.stringify(p.rows[0]), JSON.stringify(p.rows.at(-1)));
  } catch (e) { console.log(f, 'ERR', (e as Error).constructor.name, (e as Error).message); }
}
