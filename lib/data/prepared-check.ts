// Checks an attached prepared data file (`cli prepare`) before it becomes a data source: the manifest of
// this schema version, every canonical table with its columns, and the rows the manifest counted. A file
// that fails is refused with a Russian message; nothing else is touched.
import type { Engine } from '../db/engine';
import { TABLES } from '../schema';
import { MANIFEST, SCHEMA_VERSION, type ManifestRow } from './derived';

const PREPARE_HINT = 'подготовьте его командой npm run --silent cli -- prepare … --out файл.duckdb';

/** Throws an Error with a Russian message naming the file when `alias` is not a usable prepared file. */
export async function checkPreparedFile(db: Engine, alias: string, fileName: string): Promise<void> {
  const refuse = (why: string) => new Error(`Файл «${fileName}» не принят: ${why}`);
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM duckdb_tables() WHERE database_name = $1 AND schema_name = 'main'`,
    [alias],
  );
  const has = new Set(tables.map((t) => t.table_name));
  if (!has.has(MANIFEST))
    throw refuse(`в нём нет описания подготовленных данных (таблицы ${MANIFEST}); ${PREPARE_HINT}`);
  const manifest = await db.query<ManifestRow>(`SELECT * FROM "${alias}".${MANIFEST}`);
  if (!manifest.length || manifest.some((r) => r.schema_version !== SCHEMA_VERSION))
    throw refuse(
      `он подготовлен для другой версии схемы данных (${manifest[0]?.schema_version ?? 'не указана'}, нужна ${SCHEMA_VERSION}); ${PREPARE_HINT} заново`,
    );
  for (const t of TABLES) {
    if (!has.has(t.name)) throw refuse(`в нём нет таблицы ${t.name}`);
    const cols = await db.query<{ column_name: string }>(
      `SELECT column_name FROM duckdb_columns() WHERE database_name = $1 AND schema_name = 'main' AND table_name = $2 ORDER BY column_index`,
      [alias, t.name],
    );
    const want = t.columns.map((c) => c.name);
    if (cols.map((c) => c.column_name).join(',') !== want.join(','))
      throw refuse(`столбцы таблицы ${t.name} не те, что в схеме (нужны: ${want.join(', ')})`);
    const expected = manifest.find((r) => r.kind === 'canonical' && r.name === t.name)?.rows;
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM "${alias}".${t.name}`);
    if (expected === undefined || Number(expected) !== n)
      throw refuse(
        `в таблице ${t.name} ${n} строк, а в описании файла ${expected ?? 'их нет'}: файл повреждён или изменён`,
      );
  }
}
