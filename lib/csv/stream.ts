// Bytes arriving in chunks to CSV records. A character cut between two chunks (a UTF-8 sequence split at a
// chunk boundary) is carried to the next chunk by TextDecoder's streaming mode; a record cut between two
// chunks is carried by papaparse's chunk handling (the same ParserHandle its own streamers use).
import Papa from 'papaparse';
import type { Encoding } from './decode';

interface ParseHandle {
  parse(
    input: string,
    baseIndex: number,
    ignoreLastRow: boolean,
  ): { data: string[][]; meta: { cursor: number } };
}

type Newline = '\n' | '\r\n' | '\r';

/** The first line ending of the text, or null while the text could still end inside it. */
function firstNewline(text: string, last: boolean): Newline | null {
  const i = text.search(/[\r\n]/);
  if (i < 0) return last ? '\n' : null;
  if (text[i] === '\n') return '\n';
  if (i + 1 < text.length) return text[i + 1] === '\n' ? '\r\n' : '\r';
  return last ? '\r' : null;
}

export class CsvByteStream {
  private readonly decoder: TextDecoder;
  private handle: ParseHandle | null = null;
  private pending = '';
  private base = 0;

  constructor(
    encoding: Encoding,
    private readonly delimiter: string,
    private readonly onRecord: (record: string[]) => void,
  ) {
    // Not fatal: a byte that is not UTF-8 becomes U+FFFD and the row's check names it. A leading BOM is dropped.
    this.decoder = new TextDecoder(encoding);
  }

  push(bytes: Uint8Array): void {
    this.feed(this.decoder.decode(bytes, { stream: true }), false);
  }

  /** The end of the file: the bytes held back and the last record. */
  end(): void {
    this.feed(this.decoder.decode(), true);
  }

  private feed(text: string, last: boolean): void {
    this.pending += text;
    if (!this.handle) {
      // papaparse guesses the line ending from the first text it gets, which may end between \r and \n.
      const newline = firstNewline(this.pending, last);
      if (!newline) return;
      const Handle = (Papa as unknown as { ParserHandle: new (config: Papa.ParseConfig) => ParseHandle })
        .ParserHandle;
      this.handle = new Handle({ delimiter: this.delimiter, newline });
    }
    if (!this.pending) return;
    const res = this.handle.parse(this.pending, this.base, !last);
    for (const rec of res.data) this.onRecord(rec);
    if (last) {
      this.pending = '';
      return;
    }
    this.pending = this.pending.substring(res.meta.cursor - this.base);
    this.base = res.meta.cursor;
  }
}
