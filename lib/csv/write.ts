// CSV text out: demo files, templates and table downloads.
export interface CsvOptions {
  delimiter?: string;
  /** UTF-8 byte order mark, so that Excel opens Cyrillic text correctly. */
  bom?: boolean;
  /** Prefix text cells starting with = + - @ so that spreadsheets do not run them as formulas. */
  formulaSafe?: boolean;
  /** Numbers with a decimal comma (Russian Excel). */
  decimalComma?: boolean;
}

export function toCsv(columns: string[], rows: Record<string, unknown>[], opts: CsvOptions = {}): string {
  const d = opts.delimiter ?? ',';
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    let s = typeof v === 'number' && opts.decimalComma ? String(v).replace('.', ',') : String(v);
    if (opts.formulaSafe && typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return s.includes(d) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.map(cell).join(d), ...rows.map((r) => columns.map((c) => cell(r[c])).join(d))];
  return `${opts.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
