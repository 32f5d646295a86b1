'use client';
import Link from 'next/link';
import { useViewState } from '../filters/ViewStateProvider';

/** A link to «Справка» with the current list, year and target: for the view's territory, one municipality or one school. */
export function ReportLink({
  municipality,
  school,
  label = 'Справка',
  className,
}: {
  municipality?: string;
  school?: string;
  label?: string;
  className?: string;
}) {
  const { query } = useViewState();
  const params = new URLSearchParams(query);
  for (const k of ['sort', 'q', 'cell', 'id', 'ind', 'from', 'to', 'proc', 'subj', 'grade']) params.delete(k);
  if (municipality) {
    params.delete('mun');
    params.append('mun', municipality);
  }
  if (school) params.set('id', school);
  const qs = params.toString();
  return (
    <Link
      href={`/report/${qs ? `?${qs}` : ''}`}
      data-testid="report-link"
      className={className ?? 'text-sky-800 underline hover:text-sky-950'}
    >
      {label}
    </Link>
  );
}
