// The report as a document: a title block and sections of paragraphs, tables and charts, rendered to the
// page, Markdown, HTML and DOCX from the same blocks.
import type { ListedResultRow } from '../metrics/listed-results';
import type { ShareRow, StreakGroupRow } from '../metrics/lists';

export interface ReportTable {
  caption: string;
  header: string[];
  rows: string[][];
  /** Right-aligned (numeric) columns. */
  numeric: boolean[];
  note?: string;
}

/** The data a chart is drawn from (Plot on the page; a PNG of it in the DOCX). */
export type ReportChart =
  | { kind: 'streaks'; rows: StreakGroupRow[] }
  | { kind: 'share'; rows: ShareRow[]; target: number }
  | { kind: 'results'; rows: ListedResultRow[] };

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'table'; table: ReportTable }
  | { kind: 'chart'; id: string; caption: string; chart: ReportChart };

export interface ReportSection {
  id: string;
  title: string;
  blocks: Block[];
  /** Its figures are still being computed: the page says so, and the DOCX waits. */
  pending?: boolean;
}

export interface Report {
  title: string;
  subtitle: string;
  /** Label and value lines of the title block. */
  meta: [string, string][];
  sections: ReportSection[];
}

/** Where the data came from, as the title block states it. */
export interface DataProvenance {
  /** «демонстрационные данные (вымышленный регион)», «собственные данные», file names… */
  source: string;
  /** ISO date the data is current to (an upload, the files' modification), or null when unknown. */
  date: string | null;
}
