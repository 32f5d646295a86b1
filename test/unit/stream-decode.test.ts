import { describe, expect, it } from 'vitest';
import { CsvByteStream } from '@/lib/csv/stream';
import type { Encoding } from '@/lib/csv/decode';
import { encodeCp1251 } from '../helpers/cp1251';

// Two-, three- and four-byte UTF-8 characters, a quoted field with a line break, CRLF, a BOM.
const HEAD = 'Год;Процедура;Примечание';
const ROW1 = ['2024', 'ВПР', 'Ёлки, «палки»\r\nвторая строка — €'];
const ROW2 = ['2025', 'ОГЭ', 'нота 𝄞 и ещё'];
const TEXT = `${HEAD}\r\n${ROW1[0]};${ROW1[1]};"${ROW1[2]}"\r\n${ROW2.join(';')}\r\n`;
const EXPECTED = [HEAD.split(';'), ROW1, ROW2];

function records(encoding: Encoding, chunks: Uint8Array[]): string[][] {
  const out: string[][] = [];
  const s = new CsvByteStream(encoding, ';', (r) => out.push(r));
  for (const c of chunks) s.push(c);
  s.end();
  // The line ending after the last record leaves one empty record, as in a whole-file parse.
  return out.filter((r) => !(r.length === 1 && r[0] === ''));
}

const splitAt = (bytes: Uint8Array, at: number) => [bytes.subarray(0, at), bytes.subarray(at)];
const chunked = (bytes: Uint8Array, size: number) =>
  Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

describe('decoding a file that arrives in chunks', () => {
  const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(TEXT)]);
  const cp1251 = encodeCp1251(TEXT.replace('𝄞', 'с'));
  const cpExpected = [EXPECTED[0], ROW1, ['2025', 'ОГЭ', 'нота с и ещё']];

  it('the test file has characters of two, three and four bytes', () => {
    const lengths = new Set([...TEXT].map((ch) => new TextEncoder().encode(ch).length));
    expect([...lengths].sort()).toEqual([1, 2, 3, 4]);
  });

  it('UTF-8 split in two at every byte offset reads the same records', () => {
    for (let at = 0; at <= utf8.length; at++)
      expect(records('utf-8', splitAt(utf8, at)), `split at byte ${at}`).toEqual(EXPECTED);
  });

  it('UTF-8 in chunks of 1 to 7 bytes reads the same records', () => {
    for (let size = 1; size <= 7; size++)
      expect(records('utf-8', chunked(utf8, size)), `chunks of ${size}`).toEqual(EXPECTED);
  });

  it('Windows-1251 split at every byte offset, and byte by byte, reads the same records', () => {
    for (let at = 0; at <= cp1251.length; at++)
      expect(records('windows-1251', splitAt(cp1251, at)), `split at byte ${at}`).toEqual(cpExpected);
    expect(records('windows-1251', chunked(cp1251, 1))).toEqual(cpExpected);
  });

  it('a record cut mid-line at a chunk boundary of a long file is read whole', () => {
    // 3,000 rows of «ВПР»: chunks of 4,097 bytes cut rows and characters at many places.
    const lines = [HEAD, ...Array.from({ length: 3000 }, (_, i) => `${2000 + (i % 25)};ВПР;школа №${i}`)];
    const bytes = new TextEncoder().encode(`${lines.join('\n')}\n`);
    const got = records('utf-8', chunked(bytes, 4097));
    expect(got.length).toBe(3001);
    expect(got.every((r, i) => i === 0 || (r[1] === 'ВПР' && r[2] === `школа №${i - 1}`))).toBe(true);
  });
});
