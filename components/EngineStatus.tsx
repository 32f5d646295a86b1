interface Props {
  loading: boolean;
  error: string | null;
  computedInBrowser: boolean;
  /** The build-time figures are on screen (never with the user's own data). */
  precomputedShown: boolean;
}

export function EngineStatus({ loading, error, computedInBrowser, precomputedShown }: Props) {
  if (error)
    return (
      <span role="alert" className="text-sm text-red-700">
        Не удалось запустить расчёт в браузере: {error}.
        {precomputedShown ? ' Показаны заранее рассчитанные данные.' : ''}
      </span>
    );
  if (loading && !computedInBrowser && precomputedShown)
    return (
      <span role="status" className="no-print text-sm text-slate-500">
        Показаны заранее рассчитанные данные; движок DuckDB загружается…
      </span>
    );
  if (loading && !computedInBrowser) return null;
  if (computedInBrowser)
    return (
      <span className="no-print text-sm text-slate-500" data-testid="engine-ready">
        Рассчитано в браузере (DuckDB)
      </span>
    );
  return null;
}
