import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serveExport } from '../test/e2e/server.ts';
const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const server = await serveExport();
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const VIEWS = ['', 'dynamics/', 'cohorts/', 'exits/', 'objectivity/', 'risk/', 'municipalities/', 'school/?id=edu9901007', 'methodology/', 'upload/', 'format/'];
for (const w of [1440, 390]) {
  const page = await b.newPage({ viewport: { width: w, height: 900 } });
  for (const v of VIEWS) {
    await page.goto(server.url + v);
    await page.waitForTimeout(v === 'objectivity/' || v.startsWith('school') ? 9000 : 4000);
    const over = await page.evaluate(() => [document.documentElement.scrollWidth, [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.overflow-x-auto, .overflow-auto')).slice(0, 4).map((e) => `${e.tagName}.${String(e.className).slice(0, 40)} ${Math.round(e.getBoundingClientRect().width)}`)]);
    let viol = '';
    if (w === 1440) {
      await page.addScriptTag({ content: axe });
      const r = await page.evaluate(async () => (await (window as any).axe.run(document, { resultTypes: ['violations'] })).violations.filter((v: any) => ['serious', 'critical'].includes(v.impact)).map((v: any) => `${v.id}(${v.nodes.length}): ${v.nodes.slice(0, 2).map((n: any) => n.target.join(' ')).join(' | ')}`));
      viol = r.join('\n    ');
    }
    console.log(w, v || '/', 'scrollWidth', over[0], JSON.stringify(over[1]), viol ? '\n    ' + viol : '');
  }
  await page.close();
}
await b.close(); await server.stop();
