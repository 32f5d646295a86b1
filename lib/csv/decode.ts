// Bytes of a CSV saved from Excel to text: UTF-8 (with or without BOM), Windows-1251, or UTF-16 («Текст Юникод»).
export type Encoding = 'utf-8' | 'windows-1251' | 'utf-16le' | 'utf-16be';

const SNIFF = 1 << 20;

/**
 * UTF-16 by its byte order mark (Excel's «Текст Юникод» writes one), or without one by the zero bytes every
 * Latin or ASCII character has in it: text in a single-byte encoding has none.
 */
function utf16(bytes: Uint8Array): Encoding | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 4096) & ~1;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  if (n >= 8 && odd > n / 8 && even === 0) return 'utf-16le';
  if (n >= 8 && even > n / 8 && odd === 0) return 'utf-16be';
  return null;
}

/** `truncated`: the bytes are the start of a longer file, so the last character may be cut. */
export function detectEncoding(bytes: Uint8Array, truncated = false): Encoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  const wide = utf16(bytes);
  if (wide) return wide;
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
