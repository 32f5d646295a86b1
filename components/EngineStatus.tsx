interface Props {
  loading: boolean;
  error: string | null;
  computedInBrowser: boolean;
}

export function EngineStatus({ loading, error, computedInBrowser }: Props) {
  if (error) return <span role="alert" className="text-sm text-red-700">Не удалось запустить расчёт в браузере: {error}. Показаны заранее рассчитанные данные.</span>;
  if (loading && !computedInBrowser) return <span role="status" className="no-print text-sm text-slate-500">Показаны заранее рассчитанные данные; движок DuckDB загружается…</span>;
  if (computedInBrowser) return <span className="no-print text-sm text-slate-500" data-testid="engine-ready">Рассчитано в браузере (DuckDB)</span>;
  return null;
}
