import type { ReactNode } from 'react';

interface Props {
  id: string;
  label: string;
  value: string;
  /** The raw number, for tests and copying. */
  raw: number | null;
  hint?: ReactNode;
}

export function KpiCard({ id, label, value, raw, hint }: Props) {
  return (
    <div
      className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      data-testid={`kpi-${id}`}
      data-value={raw ?? ''}
    >
      <div className="text-sm text-slate-600">{label}</div>
      <div className="mt-1 text-3xl font-semibold tabular-nums text-slate-900">{value}</div>
      {hint ? <div className="mt-1 text-xs text-slate-500">{hint}</div> : null}
    </div>
  );
}
