// Print styles of the report page: A4 portrait, 2 cm margins, page numbers, no navigation or controls,
// headings kept with what follows, table headers repeated, rows and charts never split.
export const PRINT_CSS = `
@media print {
  @page { size: A4 portrait; margin: 2cm; @bottom-center { content: counter(page); font: 10pt 'Times New Roman', serif; } }
  body { background: white !important; }
  body header, main > :not([data-testid=report]) { display: none !important; }
  main { max-width: none !important; padding: 0 !important; margin: 0 !important; }
  .report-doc { max-width: none !important; font-size: 13pt !important; }
  .report-doc h1, .report-doc h2, .report-doc caption { break-after: avoid; }
  .report-doc thead { display: table-header-group; }
  .report-doc tr, .report-doc figure { break-inside: avoid; }
  .report-doc .report-table { overflow: visible !important; }
}`;
