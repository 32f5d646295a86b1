'use client';
import { useMemo, useState } from 'react';
import { territoryData } from '@/lib/report/data';
import { territoryReport } from '@/lib/report/territory';
import { schoolData, schoolReport } from '@/lib/report/school';
import type { DataProvenance } from '@/lib/report/model';
import { listImports, storedSource } from '@/lib/upload/store';
import { saveBlob } from '../download';
import { useEngineQuery } from '../hooks/useEngineQuery';
import { useViewState } from '../filters/ViewStateProvider';
import { FilterBar } from '../filters/FilterBar';
import { ReportDocument } from './ReportDocument';
import { svgToPng } from './rasterize';
import { PRINT_CSS } from './print';

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** Where the figures come from: the demo region, or the user's imports (dated by the latest). */
async function provenance(): Promise<DataProvenance> {
  const source = storedSource();
  if (source !== 'mine' && source !== 'both') return { source: 'демонстрационные данные (вымышленный регион)', date: null };
  const imports = await listImports().catch(() => []);
  const latest = imports.map((i) => i.importedAt).sort().at(-1) ?? null;
  return { source: source === 'both' ? 'собственные данные вместе с демонстрационными' : 'собственные данные (загружены в этом браузере)', date: latest ? latest.slice(0, 10) : null };
}

const slug = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '');

/** «Справка»: the report for the chosen territory, list and year, to print or download as DOCX. */
export function ReportView() {
  const { state, filter } = useViewState();
  const params = { list: filter.list, year: filter.year, municipalities: filter.municipalities ?? [], target: state.target / 100 };
  const id = state.id;
  const key = JSON.stringify({ ...params, id });
  const q = useEngineQuery(`report:${key}`, async (db) => {
    const t0 = performance.now();
    const [data, from] = await Promise.all([id ? schoolData(db, id) : territoryData(db, params), provenance()]);
    performance.measure('report:data', { start: t0, end: performance.now() });
    return { data, from };
  });
  const report = useMemo(() => {
    if (!q.data?.data) return null;
    const d = q.data.data;
    return 'school' in d ? schoolReport(d, q.data.from, today()) : territoryReport(d, q.data.from, today());
  }, [q.data]);
  const year = q.data?.data && 'year' in q.data.data ? q.data.data.year : null;
  const [docx, setDocx] = useState<{ status: 'idle' | 'building' | 'ready' | 'error'; message?: string; ms?: number }>({ status: 'idle' });

  async function downloadDocx() {
    if (!report) return;
    const t0 = performance.now();
    setDocx({ status: 'building' });
    try {
      const images: Record<string, Awaited<ReturnType<typeof svgToPng>>> = {};
      for (const fig of document.querySelectorAll<HTMLElement>('[data-chart-id][data-drawn=true]')) {
        const svg = fig.querySelector('svg');
        if (svg) images[fig.dataset.chartId!] = await svgToPng(svg);
      }
      const { reportDocxBlob } = await import('@/lib/report/docx');
      const blob = await reportDocxBlob(report, images);
      saveBlob(blob, `spravka-${slug(report.subtitle)}${year ? `-${year}` : ''}.docx`);
      setDocx({ status: 'ready', ms: Math.round(performance.now() - t0) });
    } catch (e) {
      setDocx({ status: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  return (
    <div className="space-y-4" data-testid="report" data-loading={q.loading || !report ? 'true' : 'false'}>
      <style>{PRINT_CSS}</style>
      <div className="no-print space-y-3">
        <FilterBar controls={['list', 'year', 'area', 'target']} />
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">Справка</h1>
          <button type="button" onClick={() => window.print()} disabled={!report} data-testid="report-print"
            className="rounded border border-slate-400 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50">Печать / PDF</button>
          <button type="button" onClick={() => void downloadDocx()} disabled={!report || docx.status === 'building'} data-testid="report-docx"
            data-status={docx.status} data-ms={docx.ms ?? ''}
            className="rounded border border-sky-700 bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-800 disabled:opacity-50">
            {docx.status === 'building' ? 'Готовим DOCX…' : 'Скачать DOCX'}
          </button>
          {docx.status === 'error' && <span role="alert" className="text-sm text-red-800">Не удалось собрать DOCX: {docx.message}</span>}
          <p className="w-full text-sm text-slate-600">
            {id ? 'Справка по одной ОО (ссылка из «Карточки ОО»).' : 'Территория — муниципалитет из фильтра «Территория» (без выбора — регион в целом).'} Каждое число в тексте посчитано теми же запросами, что и в разделах дашборда.
            {filter.types || filter.locations ? ' Фильтры типа ОО и местности в справке не применяются.' : ''}
          </p>
        </div>
      </div>
      {id && q.data && !q.data.data ? <p className="rounded border border-amber-300 bg-amber-50 p-4">ОО с кодом «{id}» нет в загруженных данных.</p>
        : q.error ? <p role="alert" className="rounded border border-red-300 bg-red-50 p-4 text-red-800">Не удалось составить справку: {q.error}</p>
        : !report ? <p role="status" className="text-slate-500" data-testid="loading">Считаем показатели для справки…</p>
        : <div className={q.loading ? 'opacity-60' : ''}><ReportDocument report={report} /></div>}
    </div>
  );
}
