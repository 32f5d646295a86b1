// The report as a Word document (the `docx` package: real headings, tables with a repeated header row,
// page numbers), in the browser and in Node. Times New Roman 14 pt, 1.5 line spacing, A4 with the margins
// of Russian official documents (left 3 cm, right 1.5 cm, top and bottom 2 cm).
import {
  AlignmentType,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Report, ReportTable } from './model';

/** A chart drawn as PNG (at print resolution); width and height are its size on the page, in CSS pixels. */
export interface ChartImage {
  data: Uint8Array;
  width: number;
  height: number;
}

const FONT = 'Times New Roman';
const CM = 567; // twips
/** The text column: A4 (21 cm) less 3 cm and 1.5 cm, in CSS pixels (96 per inch). */
const DOCX_TEXT_WIDTH_PX = Math.floor((16.5 / 2.54) * 96);

const cellPara = (text: string, bold = false, right = false) =>
  new Paragraph({
    alignment: right ? AlignmentType.RIGHT : AlignmentType.LEFT,
    spacing: { line: 240, before: 0, after: 0 },
    children: [new TextRun({ text, bold, size: 22 })],
  });

function docxTable(t: ReportTable): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: t.header.map((h) => new TableCell({ children: [cellPara(h, true)] })),
      }),
      ...t.rows.map(
        (row) =>
          new TableRow({
            cantSplit: true,
            children: row.map((v, j) => new TableCell({ children: [cellPara(v, false, t.numeric[j])] })),
          }),
      ),
    ],
  });
}

const caption = (text: string, keepNext: boolean) =>
  new Paragraph({
    keepNext,
    spacing: { before: 120, after: 60, line: 240 },
    children: [new TextRun({ text, size: 24 })],
  });

export function reportDocument(r: Report, images: Record<string, ChartImage> = {}): Document {
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      heading: HeadingLevel.HEADING_1,
      alignment: AlignmentType.CENTER,
      children: [new TextRun(r.title)],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: r.subtitle, bold: true })],
    }),
    ...r.meta.map(
      ([k, v]) =>
        new Paragraph({
          spacing: { line: 276 },
          children: [new TextRun({ text: `${k}: `, size: 24 }), new TextRun({ text: v, size: 24 })],
        }),
    ),
  ];
  let tables = 0;
  let figures = 0;
  r.sections.forEach((s, i) => {
    children.push(
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        keepNext: true,
        children: [new TextRun(`${i + 1}. ${s.title}`)],
      }),
    );
    for (const b of s.blocks) {
      if (b.kind === 'p')
        children.push(
          new Paragraph({
            alignment: AlignmentType.JUSTIFIED,
            indent: { firstLine: Math.round(1.25 * CM) },
            children: [new TextRun(b.text)],
          }),
        );
      else if (b.kind === 'table') {
        children.push(caption(`Таблица ${++tables}. ${b.table.caption}`, true), docxTable(b.table));
        if (b.table.note)
          children.push(
            new Paragraph({
              spacing: { line: 240, before: 60 },
              children: [new TextRun({ text: b.table.note, size: 22, italics: true })],
            }),
          );
      } else {
        const img = images[b.id];
        if (!img) continue;
        const scale = Math.min(1, DOCX_TEXT_WIDTH_PX / img.width);
        children.push(
          new Paragraph({
            alignment: AlignmentType.CENTER,
            keepNext: true,
            spacing: { line: 240 },
            children: [
              new ImageRun({
                type: 'png',
                data: img.data,
                transformation: {
                  width: Math.round(img.width * scale),
                  height: Math.round(img.height * scale),
                },
                altText: { name: b.id, title: b.caption, description: b.caption },
              }),
            ],
          }),
          caption(`Рисунок ${++figures}. ${b.caption}`, false),
        );
      }
    }
  });
  return new Document({
    creator: 'ШНОР-Динамика',
    lastModifiedBy: 'ШНОР-Динамика',
    title: `${r.title} — ${r.subtitle}`,
    styles: {
      default: {
        document: { run: { font: FONT, size: 28 }, paragraph: { spacing: { line: 360 } } },
        heading1: {
          run: { font: FONT, size: 32, bold: true, color: '000000' },
          paragraph: { spacing: { after: 120 } },
        },
        heading2: {
          run: { font: FONT, size: 28, bold: true, color: '000000' },
          paragraph: { spacing: { before: 240, after: 120 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 2 * CM, bottom: 2 * CM, left: 3 * CM, right: Math.round(1.5 * CM) },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: 24 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

export const reportDocxBlob = (r: Report, images?: Record<string, ChartImage>) =>
  Packer.toBlob(reportDocument(r, images));
export const reportDocxBuffer = (r: Report, images?: Record<string, ChartImage>) =>
  Packer.toBuffer(reportDocument(r, images));
