'use client';
import type { ObjectivityFlag } from '@/lib/metrics/objectivity';
import { formatInt } from '@/lib/format';
import { DataTable, municipalityColumn, schoolColumn } from '../table/DataTable';
import { Panel } from '../Panel';
import { shareOrDash, zValue } from './labels';

/** Lenient in-school marking: its own list, never a ВПР marker. */
export function LenientPanel({
  rows,
  journal,
  year,
}: {
  rows: ObjectivityFlag[];
  journal: boolean;
  year: number;
}) {
  return (
    <Panel
      title={`Журнальные отметки выше отметок ВПР${journal ? `: школ — ${formatInt(new Set(rows.map((r) => r.school_id)).size)}, работ — ${formatInt(rows.length)}` : ''}`}
      note="Не маркер необъективности ВПР: здесь на ВПР больше учащихся, чем по региону, получили отметку ниже журнальной — признак завышенных текущих (журнальных) отметок, «необъективность текущего оценивания». Строка — работа."
    >
      {!journal ? (
        <p className="text-sm" data-testid="lenient-no-data">
          Нет данных: за {year} год не загружено сравнение отметок ВПР с журнальными (vpr_journal).
        </p>
      ) : (
        <DataTable<ObjectivityFlag>
          id="lenient"
          caption="Работы, где журнальные отметки выше отметок ВПР"
          fileName={`zhurnal-vyshe-vpr-${year}.csv`}
          rows={rows}
          pageSize={20}
          empty="Таких работ при текущих порогах нет."
          columns={[
            schoolColumn(),
            municipalityColumn(),
            { key: 'paper', label: 'Работа', value: (r) => r.paper },
            {
              key: 'observed',
              label: 'Понизили',
              value: (r) => r.observed,
              numeric: true,
              kind: 'share',
              render: (r) => shareOrDash(r.observed),
            },
            {
              key: 'expected',
              label: 'По региону',
              value: (r) => r.expected,
              numeric: true,
              kind: 'share',
              render: (r) => shareOrDash(r.expected),
            },
            { key: 'z', label: 'z', value: (r) => r.z, numeric: true, render: (r) => zValue(r.z) },
          ]}
        />
      )}
    </Panel>
  );
}
