// Bytes of a CSV saved from Excel to text: UTF-8 (with or without BOM) or Windows-1251.
export type Encoding = 'utf-8' | 'windows-1251';

const SNIFF = 1 << 20;

/** `truncated`: the bytes are the start of a longer file, so the last character may be cut. */
export function detectEncoding(bytes: Uint8Array, truncated = false): Encoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  const head = bytes.subarray(0, Math.min(bytes.length, SNIFF));
  const cut = truncated || bytes.length > SNIFF;
  // A UTF-8 character is at most 4 bytes: a cut one at the end is dropped before checking.
  for (const drop of cut ? [0, 1, 2, 3] : [0]) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, head.length - drop));
      return 'utf-8';
    } catch {
      /* try with one byte fewer */
    }
  }
  return 'windows-1251';
}

export function decode(bytes: Uint8Array, truncated = false): { text: string; encoding: Encoding } {
  const encoding = detectEncoding(bytes, truncated);
  const text = new TextDecoder(encoding).decode(bytes);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding };
}

/** The delimiter that splits the header line (the first with a letter or digit) into the most fields, of ; , and tab. */
export function detectDelimiter(text: string): string {
  const firstLine = /^.*[\p{L}\p{N}].*$/mu.exec(text)?.[0] ?? '';
  let best = ',';
  let bestCount = 0;
  for (const d of [';', ',', '\t']) {
    const n = firstLine.split(d).length - 1;
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}
