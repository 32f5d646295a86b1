// Bytes of a CSV saved from Excel to text: UTF-8 (with or without BOM) or Windows-1251.
export type Encoding = 'utf-8' | 'windows-1251';

export function detectEncoding(bytes: Uint8Array): Encoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, Math.min(bytes.length, 1 << 20)));
    return 'utf-8';
  } catch (e) {
    // A cut multi-byte character at the 1 MiB boundary is still UTF-8.
    if (bytes.length > 1 << 20) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, (1 << 20) - 4));
        return 'utf-8';
      } catch {
        /* fall through */
      }
    }
    return 'windows-1251';
  }
}

export function decode(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const encoding = detectEncoding(bytes);
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
