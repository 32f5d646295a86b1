// The code's stamp of its derived tables: answers recorded by code that built any derived table otherwise
// (its SQL, a parameter, a setting) are not this code's figures, so the stamp must move with each of them.
import { describe, expect, it } from 'vitest';
import { codeStamp } from '@/lib/data/derived';
import { derivedTable } from '@/lib/data/derived-tables';

describe('codeStamp', () => {
  it('is the same for the same code and changes with one derived table’s SQL or settings', () => {
    const before = codeStamp();
    expect(codeStamp()).toBe(before);
    const t = derivedTable('list_streaks');
    const sql = t.sql;
    const settings = t.settings;
    try {
      t.sql = () => ({ ...sql(), text: `${sql().text} ` });
      expect(codeStamp()).not.toBe(before);
      t.sql = sql;
      expect(codeStamp()).toBe(before);
      t.settings = { ...(settings ?? {}), changed: 1 };
      expect(codeStamp()).not.toBe(before);
    } finally {
      t.sql = sql;
      t.settings = settings;
    }
    expect(codeStamp()).toBe(before);
  });
});
