// `npx tsx scripts/screenshots.ts [name…]`: every view of the demo region (or the named ones) at 1440 px (desktop)
// and 390 px (phone) into docs/screenshots/NAME-1440.png and NAME-390.png; «report» also prints the report to PDF
// and renders its pages (report-pdf-N.png).
import { mkdirSync, readFileSync } from 'node:fs';
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
  ['report', 'report/?mun=г. Северогорск'],
  ['report-school', 'report/?id=edu9901007'],
];
const only = process.argv.slice(2);
const dir = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(dir, { recursive: true });
const server = await serveExport();
const browser = await freshBrowser();
const page = await browser.context.newPage();
for (const width of [1440, 390]) {
  await page.setViewportSize({ width, height: width > 1000 ? 900 : 844 });
  for (const [name, path] of VIEWS.filter(([n]) => !only.length || only.includes(n))) {
    await page.goto(`${server.url}${path}`);
    await page.waitForSelector(
      '[data-testid=view-ready][data-loading=false], [data-testid=overview][data-source=duckdb], [data-testid=methodology], [data-testid=upload][data-hydrated=true], [data-testid=format], [data-testid=report][data-loading=false]',
      { timeout: 60_000 },
    );
    // Parts of a view that load after it (the card's flags and risk) have their own loading marker.
    await page.waitForFunction(`!document.querySelector('[data-loading=true]')`, undefined, {
      timeout: 60_000,
    });
    await page.waitForTimeout(1000);
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: name !== 'methodology' });
    console.log(`docs/screenshots/${name}-${width}.png`);
    if (name === 'report' && width === 1440) await pdfPages(page);
  }
}
await browser.close();
await server.stop();

/** The report printed to PDF, each page drawn by pdf.js in a second tab and captured. */
async function pdfPages(report: typeof page) {
  await report.emulateMedia({ media: 'print' });
  const pdf = await report.pdf({ format: 'A4', preferCSSPageSize: true });
  await report.emulateMedia({ media: 'screen' });
  const viewer = await browser.context.newPage();
  const pdfjs = join(import.meta.dirname, '..', 'node_modules/pdfjs-dist/build');
  const html = `<!doctype html><body style="margin:0;background:#888"><script type="module">
    import * as pdfjs from './pdf.mjs';
    pdfjs.GlobalWorkerOptions.workerSrc = './pdf.worker.mjs';
    const doc = await pdfjs.getDocument('./report.pdf').promise;
    for (let i = 1; i <= doc.numPages; i++) {
      const pdfPage = await doc.getPage(i);
      const viewport = pdfPage.getViewport({ scale: 1.4 });
      const canvas = Object.assign(document.createElement('canvas'), { width: viewport.width, height: viewport.height, id: 'p' + i });
      canvas.style.display = 'block'; canvas.style.margin = '8px';
      document.body.append(canvas);
      await pdfPage.render({ canvasContext: canvas.getContext('2d'), viewport }).promise;
    }
    document.body.dataset.pages = String(doc.numPages);
  </script></body>`;
  // Same origin for the page, pdf.js and the file: module scripts need it.
  await viewer.route('http://pdf.local/**', (route) => {
    const file = new URL(route.request().url()).pathname.slice(1);
    if (file === 'report.pdf') return route.fulfill({ body: pdf, contentType: 'application/pdf' });
    if (file === 'index.html') return route.fulfill({ body: html, contentType: 'text/html' });
    return route.fulfill({ body: readFileSync(join(pdfjs, file)), contentType: 'text/javascript' });
  });
  await viewer.goto('http://pdf.local/index.html');
  await viewer.waitForSelector('body[data-pages]', { timeout: 60_000 });
  const pages = Number(await viewer.getAttribute('body', 'data-pages'));
  for (let i = 1; i <= pages; i++) {
    await viewer.locator(`#p${i}`).screenshot({ path: join(dir, `report-pdf-${i}.png`) });
    console.log(`docs/screenshots/report-pdf-${i}.png`);
  }
  await viewer.close();
}
