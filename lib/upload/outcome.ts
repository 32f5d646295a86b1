// The report of one import, in Russian: rows loaded, and what became of the rows already loaded.
import type { ImportMode, ImportOutcome } from '../db/user-data';
import { formatInt, plural } from '../format';

export function describeOutcome(
  out: ImportOutcome & { switchedToMine: boolean; persisted: boolean },
  mode: ImportMode,
): string {
  const parts = [`Загружено строк: ${formatInt(out.inserted)}.`];
  if (out.conflicts)
    parts.push(
      `${formatInt(out.conflicts)} ${plural(out.conflicts, ['строка', 'строки', 'строк'])} с уже загруженным ключом ${plural(out.conflicts, ['пропущена', 'пропущены', 'пропущено'])}.`,
    );
  if (mode !== 'add') {
    const counts = (r: { replaced: number; kept: number; removed: number }) =>
      `заменено ${formatInt(r.replaced)}, сохранено ${formatInt(r.kept)}, удалено ${formatInt(r.removed)}`;
    parts.push(
      out.byYear.length
        ? `Прежние строки: ${counts(out)} (сохранены те, чья новая строка не прошла проверку; удалены те, которых нет в новом файле).` +
            (out.byYear.some((r) => r.year !== null)
              ? ` По годам: ${out.byYear.map((r) => `${r.year} — ${counts(r)}`).join('; ')}.`
              : '')
        : 'Прежних строк в заменяемых годах не было.',
    );
  }
  if (out.newSchools) parts.push(`Добавлено новых школ: ${formatInt(out.newSchools)}.`);
  if (out.switchedToMine) parts.push('Все разделы показывают ваши данные (источник «Мои данные»).');
  return parts.join(' ');
}
