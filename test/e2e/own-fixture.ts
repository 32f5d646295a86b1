// Three small own files (schools, a list, ВПР results) and the page waits the own-data browser tests share.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const FILES = {
  'школы.csv': [
    'Код ОО;Наименование;Муниципалитет;Тип ОО;Местность',
    '0010001;МБОУ «СОШ № 1»;Северный район;СОШ;город',
    '0010002;МБОУ «СОШ № 2»;Северный район;СОШ;село',
    '0010003;МБОУ «СОШ № 3»;Южный район;СОШ;село',
  ],
  'перечень.csv': ['Год;Логин', '2024;0010001', '2025;0010001', '2025;0010003'],
  'впр.csv': [
    'Год;Процедура;Предмет;Класс;Код ОО;Участников;«2»;«3»;«4»;«5»',
    '2024;ВПР;Математика;5;0010001;40;10;18;8;4',
    '2024;ВПР;Математика;5;0010002;30;3;12;10;5',
    '2025;ВПР;Математика;5;0010001;38;9;17;8;4',
  ],
};

/** Writes FILES into `dir` as a user's files (CRLF). */
export function writeFiles(dir: string): void {
  for (const [name, lines] of Object.entries(FILES))
    writeFileSync(join(dir, name), `${lines.join('\r\n')}\r\n`);
}

/** Where each eager derived table came from when the views were last pointed at the data. */
export const origins = (page: Page) =>
  page.evaluate<Record<string, string>>(
    `performance.getEntriesByName('derived-origins').at(-1)?.detail ?? {}`,
  );

/** Waits until the derived tables made after the last data change are stored in IndexedDB. */
export const stored = (page: Page) =>
  page.waitForFunction(
    `(() => {
      const since = performance.getEntriesByName('derived-origins').at(-1)?.startTime ?? Infinity;
      return performance.getEntriesByName('own-derived:stored').some((e) => e.startTime >= since);
    })()`,
    undefined,
    { timeout: 120_000 },
  );

const text = async (page: Page) => ((await page.textContent('main')) ?? '').replace(/\s+/g, ' ');

/** Opens a view and waits for its figures; returns the page's text. */
export async function open(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.waitForFunction(
    `document.querySelector('[data-testid=view-state]')?.dataset.search === new URLSearchParams(location.search).toString()
      && document.querySelector('[data-testid=view-ready]') && !document.querySelector('[data-loading=true]')`,
    undefined,
    { timeout: 60_000 },
  );
  return text(page);
}

/** The figures of «Муниципалитеты»: its table. */
export const table = async (page: Page) =>
  ((await page.textContent('main table')) ?? '').replace(/\s+/g, ' ');
