// A .duckdb file's own header, read before the engine attaches the file by URL: DuckDB's magic bytes and the
// number of blocks the file holds, so that a foreign or truncated file is refused before anything changes.

/** The main header and the two database headers (4 KiB each) that open every .duckdb file. */
export const HEADER_BYTES = 12_288;
const DEFAULT_BLOCK = 262_144;

/** Why the file whose first bytes are `head` and whose size is `size` is not a whole DuckDB file (null: it is). */
export function duckdbFileProblem(head: Uint8Array, size: number): string | null {
  if (head.length < 12 || new TextDecoder().decode(head.subarray(8, 12)) !== 'DUCK')
    return 'это не файл базы данных DuckDB';
  if (head.length < HEADER_BYTES) return truncated(size, HEADER_BYTES);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  // Each database header: checksum, iteration, meta block, free list, block count, block size. The one
  // with the larger iteration is in force.
  const at = (o: number) => ({
    iteration: view.getBigUint64(o + 8, true),
    blocks: view.getBigUint64(o + 32, true),
    blockSize: view.getBigUint64(o + 40, true),
  });
  const [a, b] = [at(4096), at(8192)];
  const h = a.iteration >= b.iteration ? a : b;
  const blockSize = h.blockSize > 0n && h.blockSize <= 1n << 24n ? h.blockSize : BigInt(DEFAULT_BLOCK);
  const need = HEADER_BYTES + Number(h.blocks * blockSize);
  return size < need ? truncated(size, need) : null;
}

const truncated = (size: number, need: number) =>
  `файл обрезан (${size.toLocaleString('ru-RU')} байт из ${need.toLocaleString('ru-RU')}): загрузите или соберите его заново`;
