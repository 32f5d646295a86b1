'use client';
import { useViewState } from './filters/ViewStateProvider';

/** URL parameters that were not understood: said, never an error page. */
export function Notices() {
  const { notices } = useViewState();
  if (!notices.length) return null;
  return (
    <div
      role="status"
      data-testid="url-notices"
      className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
    >
      {notices.map((n) => (
        <p key={n}>{n}</p>
      ))}
    </div>
  );
}
