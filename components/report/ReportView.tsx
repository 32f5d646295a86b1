'use client';
import { useMemo, useState } from 'react';
import {
  reportParams,
  reportRegion,
  type ReportRegion,
  territoryListsBase,
  territoryListsOfYear,
  territoryResults,
  territorySigns,
} from '@/lib/report/data';
import { territoryReport } from '@/lib/report/territory';
import { schoolData, schoolReport } from '@/lib/report/school';
import type { DataProvenance } from '@/lib/report/model';
import { listImports, storedSource } from '@/lib/upload/store';
import { reportFileName } from '@/lib/report/file-name';
import { DEFAULT_LIST } from '@/lib/filters';
import { saveBlob } from '../download';
import { useEngineQuery } from '../hooks/useEngineQuery';
import { useViewState } from '../filters/ViewStateProvider';
import { FilterBar } from '../filters/FilterBar';
import { VIEW_CONTROLS } from '@/lib/view-controls';
import { ReportDocument } from './ReportDocument';
import { chartImages } from './ReportChart';
import { PRINT_CSS } from './print';

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Where the figures come from: the demo region, the generated country, or the user's imports (dated by the latest). */
async function provenance(national: boolean): Promise<DataProvenance> {
  const source = storedSource();
  if (source !== 'mine' && source !== 'both')
    return {
      source: national
        ? 'сгенерированные данные страны (вымышленные регионы)'
        : 'демонстрационные данные (вымышленный регион)',
      date: null,
    };
  const imports = await listImports().catch(() => []);
  const latest =
    imports
      .map((i) => i.importedAt)
      .sort()
      .at(-1) ?? null;
  return {
    source:
      source === 'both'
        ? 'собственные данные вместе с демонстрационными'
        : 'собственные данные (загружены в этом браузере)',
    date: latest ? latest.slice(0, 10) : null,
  };
}

/** «Справка»: the report for the chosen territory, list and year, to print or download as DOCX. */
export function ReportView() {
  const { state, filter, options } = useViewState();
  const chosen = reportParams(state, filter);
  const id = state.id;
  // In a country's data (several regions) a report is one region's: the whole country's would list thousands
  // of schools and municipalities under words that speak of a region. The regions are known with the options;
  // the region is the chosen one or that of the chosen municipalities (reportRegion).
  const regionCount = options?.regions.length;
  const country = !id && regionCount !== undefined && regionCount > 1;
  const place = useEngineQuery(
    `report-region:${JSON.stringify([chosen.regions, chosen.municipalities])}:${country}`,
    (db) => (country ? reportRegion(db, chosen) : Promise.resolve<ReportRegion>({ regions: chosen.regions })),
  );
  // The last answer's problem is not shown while the new choice is checked.
  const problem = place.loading ? null : (place.data?.problem ?? null);
  const ready = !!id || (regionCount !== undefined && !place.loading && !!place.data && !problem);
  const params = { ...chosen, regions: place.data?.regions ?? chosen.regions };
  const key = JSON.stringify({ ...params, id, ready });
  // The queries in the engine's order: the list figures first (the derived list tables are ready), then
  // the results (result_totals), then objectivity and risk (region-wide tables built on first use). The list
  // figures no year changes are read once per territory and list: a year change reads only the year's.
  const baseKey = JSON.stringify({
    list: params.list,
    regions: params.regions,
    municipalities: params.municipalities,
    id,
    ready,
  });
  const base = useEngineQuery(`report-base:${baseKey}`, (db) =>
    id || !ready ? Promise.resolve(null) : territoryListsBase(db, params),
  );
  const baseReady = !!id || (!base.loading && !base.error);
  const q = useEngineQuery(`report:${key}:${baseReady}`, async (db) => {
    const t0 = performance.now();
    const [data, from] = await Promise.all([
      id ? schoolData(db, id) : baseReady && base.data ? territoryListsOfYear(db, params, base.data) : null,
      provenance(state.dataset === 'national'),
    ]);
    performance.measure('report:first', { start: t0, end: performance.now() });
    return { data, from };
  });
  // A year in the link starts the results and signs at once; otherwise they wait for the list's latest year.
  const year = params.year ?? (q.data?.data && 'year' in q.data.data ? q.data.data.year : null);
  const territory = ready && !id && (typeof params.year === 'number' || (!!q.data?.data && !q.loading));
  const results = useEngineQuery(`report-results:${key}:${territory}`, (db) =>
    territory ? territoryResults(db, params, year) : Promise.resolve(null),
  );
  const signs = useEngineQuery(`report-signs:${key}:${territory}`, async (db) => {
    if (!territory) return null;
    const t0 = performance.now();
    const out = await territorySigns(db, params, year);
    performance.measure('report:signs', { start: t0, end: performance.now() });
    return out;
  });
  const partsLoading = ready && !id && (results.loading || signs.loading || !results.data || !signs.data);
  const report = useMemo(() => {
    if (!q.data?.data) return null;
    const d = q.data.data;
    if ('school' in d) return schoolReport(d, q.data.from, today());
    return territoryReport({ ...d, ...(results.data ?? {}), ...(signs.data ?? {}) }, q.data.from, today());
  }, [q.data, results.data, signs.data]);
  const error = place.error ?? base.error ?? q.error ?? results.error ?? signs.error;
  // A school's code the data does not know: said, and nothing is loading.
  const unknownSchool = !!id && !!q.data && !q.data.data;
  const [docx, setDocx] = useState<{
    status: 'idle' | 'building' | 'ready' | 'error';
    message?: string;
    ms?: number;
  }>({ status: 'idle' });

  async function downloadDocx() {
    if (!report) return;
    const t0 = performance.now();
    setDocx({ status: 'building' });
    try {
      const ids = [...document.querySelectorAll<HTMLElement>('[data-chart-id][data-drawn=true]')].map(
        (f) => f.dataset.chartId!,
      );
      const images = Object.fromEntries(
        await Promise.all(
          ids.filter((c) => chartImages.has(c)).map(async (c) => [c, await chartImages.get(c)!()] as const),
        ),
      );
      performance.measure('docx:images', { start: t0, end: performance.now() });
      const t1 = performance.now();
      const { reportDocxBlob } = await import('@/lib/report/docx');
      performance.measure('docx:import', { start: t1, end: performance.now() });
      const t2 = performance.now();
      const blob = await reportDocxBlob(report, images);
      performance.measure('docx:pack', { start: t2, end: performance.now() });
      saveBlob(blob, reportFileName(report.subtitle, params.list ?? DEFAULT_LIST, year, 'docx'));
      setDocx({ status: 'ready', ms: Math.round(performance.now() - t0) });
    } catch (e) {
      setDocx({ status: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <div
      className="space-y-4"
      data-testid="report"
      data-loading={
        !problem && (place.loading || q.loading || (!report && !unknownSchool) || partsLoading)
          ? 'true'
          : 'false'
      }
    >
      <style>{PRINT_CSS}</style>
      <div className="no-print space-y-3">
        <FilterBar controls={VIEW_CONTROLS['/report/']} />
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">Справка</h1>
          <button
            type="button"
            onClick={() => window.print()}
            disabled={!report}
            data-testid="report-print"
            className="rounded border border-slate-400 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50"
          >
            Печать / PDF
          </button>
          <button
            type="button"
            onClick={() => void downloadDocx()}
            disabled={!report || partsLoading || docx.status === 'building'}
            data-testid="report-docx"
            data-status={docx.status}
            data-ms={docx.ms ?? ''}
            className="rounded border border-sky-700 bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-800 disabled:opacity-50"
          >
            {docx.status === 'building' ? 'Готовим DOCX…' : 'Скачать DOCX'}
          </button>
          {docx.status === 'error' && (
            <span role="alert" className="text-sm text-red-800">
              Не удалось собрать DOCX: {docx.message}
            </span>
          )}
          <p className="w-full text-sm text-slate-600">
            {id
              ? 'Справка по одной ОО (ссылка из «Карточки ОО»).'
              : (regionCount ?? 0) > 1
                ? 'Территория — регион из фильтра «Регионы» или его муниципалитет из фильтра «Муниципалитеты».'
                : 'Территория — муниципалитет из фильтра «Муниципалитеты» (без выбора — регион в целом).'}{' '}
            Каждое число в тексте посчитано теми же запросами, что и в разделах дашборда.
            {filter.types || filter.locations ? ' Фильтры типа ОО и местности в справке не применяются.' : ''}
          </p>
        </div>
      </div>
      {problem ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-4" data-testid="report-pick-region">
          {problem}
        </p>
      ) : unknownSchool ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-4">
          ОО с кодом «{id}» нет в загруженных данных.
        </p>
      ) : error ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-red-800">
          Не удалось составить справку: {error}
        </p>
      ) : !report ? (
        <p role="status" className="text-slate-500" data-testid="loading">
          Считаем показатели для справки…
        </p>
      ) : (
        <div className={q.loading || place.loading ? 'opacity-60' : ''}>
          <ReportDocument report={report} />
        </div>
      )}
    </div>
  );
}
