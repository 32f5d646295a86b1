'use client';
import { useState } from 'react';
import {
  objectivityFlags,
  type MarkerRow,
  type ObjectivityFlag,
  type ObjectivitySettings,
} from '@/lib/metrics/objectivity';
import type { Filter } from '@/lib/filters';
import { formatInt, plural } from '@/lib/format';
import { useEngineQuery } from '../hooks/useEngineQuery';
import { useViewState } from '../filters/ViewStateProvider';
import { DataTable, municipalityColumn, schoolColumn } from '../table/DataTable';
import { Panel } from '../Panel';
import { downloadCsv } from '../download';
import { indicatorLabel, indicatorList } from './labels';
import { focusEvidenceNext } from './SchoolEvidence';

/** A school's signs grouped by paper: «4 РУ» — the indicators that fired, each with its reason. */
export function SignsByPaper({ flags, testId }: { flags: ObjectivityFlag[]; testId?: string }) {
  const papers = [...new Set(flags.map((f) => f.paper))];
  return (
    <ul className="mt-1 space-y-1 text-xs" data-testid={testId}>
      {papers.map((p) => {
        const own = flags.filter((f) => f.paper === p);
        return (
          <li key={p} data-testid="paper-signs">
            <span className="font-semibold">{p}</span>:{' '}
            {own.map((f) => indicatorLabel(f.indicator)).join('; ')}
            <ul className="list-disc pl-5 text-slate-700" data-testid="reasons">
              {own.map((f, i) => (
                <li key={i} className="break-words">
                  {f.reason}
                </li>
              ))}
            </ul>
          </li>
        );
      })}
    </ul>
  );
}

/** One school's reasons, read when its row is opened: all schools' reasons would be megabytes on every change. */
function ReasonList({ schoolId, year }: { schoolId: string; year: number }) {
  const { filter, filterKey, state } = useViewState();
  const q = useEngineQuery(
    `reasons:${schoolId}:${year}:${filterKey}:${JSON.stringify(state.objectivity)}`,
    (db) =>
      objectivityFlags(
        db,
        { school: schoolId, year, subject: filter.subject, grade: filter.grade },
        state.objectivity,
      ),
  );
  if (!q.data)
    return (
      <p className="mt-1 text-xs text-slate-500" role="status">
        {q.error ? `Не удалось прочитать причины: ${q.error}` : 'Загружаем причины…'}
      </p>
    );
  return <SignsByPaper flags={q.data} />;
}

function Reasons({ row, onEvidence }: { row: MarkerRow; onEvidence: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)} className="min-w-48 max-w-xl">
      <summary className="cursor-pointer text-sky-800">{formatInt(row.flags)}: причины</summary>
      {open && (
        <>
          <ReasonList schoolId={row.school_id} year={row.year} />
          <button
            type="button"
            className="mt-1 text-xs text-sky-800 underline"
            data-testid="show-evidence"
            onClick={onEvidence}
          >
            Показать доказательства
          </button>
        </>
      )}
    </details>
  );
}

/** Every sign of the view with its figures and reason, one row per sign, as CSV for Excel. */
async function downloadReasons(filter: Filter, settings: ObjectivitySettings) {
  const { getBrowserEngine } = await import('@/lib/data/browser');
  const flags = await objectivityFlags(await getBrowserEngine(), filter, settings);
  downloadCsv(
    'prichiny-neobjektivnosti.csv',
    [
      'Код ОО',
      'Школа',
      'Муниципалитет',
      'Год',
      'Работа',
      'Признак',
      'Наблюдаемое',
      'Ожидаемое',
      'z',
      'Причина',
    ],
    flags.map((f) => [
      f.school_id,
      f.name,
      f.municipality,
      f.year,
      f.paper,
      indicatorLabel(f.indicator),
      f.observed,
      f.expected,
      Math.round(f.z * 100) / 100,
      f.reason,
    ]),
  );
}

/** Schools with signs (markers as ФИОКО counts them), a row opening its reasons. */
export function MarkersPanel({
  markers,
  year,
  settings,
  zText,
}: {
  markers: MarkerRow[];
  year: number;
  settings: ObjectivitySettings;
  zText: string;
}) {
  const { filter, update } = useViewState();
  const [csvError, setCsvError] = useState<string | null>(null);
  return (
    <Panel
      title={`Школы с признаками: ${formatInt(markers.length)}`}
      note={
        <>
          Маркер — работа ВПР (класс × предмет, например «4 РУ»), в которой выявлен хотя бы один признак;
          «Маркеров» — число таких работ у школы, как в перечнях ФИОКО. В перечне — школы с{' '}
          {formatInt(settings.minMarkers)}+{' '}
          {plural(settings.minMarkers, ['маркером', 'маркерами', 'маркерами'])}; признак выявлен при {zText} и
          не меньше {formatInt(settings.minPupils)} участников работы. Правила — на странице «Методика».
        </>
      }
    >
      <DataTable<MarkerRow>
        id="markers"
        caption="Школы с признаками необъективности"
        fileName="priznaki-neobjektivnosti.csv"
        rows={markers}
        inUrl
        pageSize={50}
        empty={`Школ с признаками при этих порогах нет (${year}).`}
        columns={[
          schoolColumn(),
          { key: 'school_id', label: 'Код ОО', value: (r) => r.school_id },
          municipalityColumn(),
          { key: 'type', label: 'Тип', value: (r) => r.type },
          { key: 'markers', label: 'Маркеров', value: (r) => r.markers, numeric: true },
          {
            key: 'papers',
            label: 'Работы',
            value: (r) => r.papers,
            render: (r) => <span className="inline-block min-w-32">{r.papers}</span>,
          },
          { key: 'indicators', label: 'Признаки', value: (r) => indicatorList(r.indicators) },
          {
            key: 'flags',
            label: 'Признаков',
            value: (r) => r.flags,
            // Keyed by school: the table reuses row elements, and an opened row must not stay open for another school.
            render: (r) => (
              <Reasons
                key={`${r.school_id}:${r.year}`}
                row={r}
                onEvidence={() => {
                  const shown = document.getElementById('evidence');
                  // The same school's evidence is there already: focus it now; another's, once it shows.
                  if (shown?.dataset.school === r.school_id) shown.focus({ preventScroll: true });
                  else focusEvidenceNext();
                  update({ id: r.school_id });
                  shown?.scrollIntoView({ behavior: 'smooth' });
                }}
              />
            ),
          },
        ]}
      />
      <button
        type="button"
        className="no-print text-sm text-sky-800 underline"
        data-testid="csv-reasons"
        onClick={() => {
          setCsvError(null);
          downloadReasons({ ...filter, year }, settings).catch((e: unknown) =>
            setCsvError(e instanceof Error ? e.message : String(e)),
          );
        }}
      >
        Скачать все причины (CSV, строка на признак)
      </button>
      {csvError && (
        <p role="alert" className="text-sm text-red-800">
          Не удалось выгрузить причины: {csvError}
        </p>
      )}
    </Panel>
  );
}
