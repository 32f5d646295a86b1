// `npx tsx scripts/screenshots.ts`: every view of the demo region at 1440 px (desktop) and 390 px (phone) into
// docs/screenshots/NAME-1440.png and NAME-390.png.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freshBrowser } from '../test/e2e/browser';
import { serveExport } from '../test/e2e/server';

const VIEWS = [
  ['overview', ''],
  ['dynamics', 'dynamics/?from=2021&subj=Математика&cell=1:1'],
  ['cohorts', 'cohorts/?cell=c:2025:streak4plus'],
  ['exits', 'exits/'],
  ['objectivity', 'objectivity/?year=2024'],
  ['risk', 'risk/'],
  ['municipalities', 'municipalities/'],
  ['school', 'school/?id=edu9901007'],
  ['methodology', 'methodology/'],
  ['upload', 'upload/'],
  ['format', 'format/'],
];
const dir = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(dir, { recursive: true });
const server = await serveExport();
const browser = await freshBrowser();
const page = await browser.context.newPage();
for (const width of [1440, 390]) {
  await page.setViewportSize({ width, height: width > 1000 ? 900 : 844 });
  for (const [name, path] of VIEWS) {
    await page.goto(`${server.url}${path}`);
    await page.waitForSelector('[data-testid=view-ready][data-loading=false], [data-testid=overview][data-source=duckdb], [data-testid=methodology], [data-testid=upload][data-hydrated=true], [data-testid=format]', { timeout: 60_000 });
    // Parts of a view that load after it (the card's flags and risk) have their own loading marker.
    await page.waitForFunction(`!document.querySelector('[data-loading=true]')`, undefined, { timeout: 60_000 });
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: name !== 'methodology' });
    console.log(`docs/screenshots/${name}-${width}.png`);
  }
}
await browser.close();
await server.stop();
