// Writes the Excel upload corpus (test/helpers/xlsx-corpus.ts) into test/fixtures/uploads/.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { xlsxCorpus } from '../test/helpers/xlsx-corpus';

const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'uploads');
for (const [name, bytes] of Object.entries(xlsxCorpus())) {
  writeFileSync(join(dir, name), bytes);
  console.log(`${name}: ${bytes.length} bytes`);
}
