import type { ReactNode } from 'react';

export function Panel({ title, children, note }: { title: string; children: ReactNode; note?: ReactNode }) {
  return (
    <section className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm print:break-inside-avoid">
      <h2 className="mb-2 font-medium">{title}</h2>
      {children}
      {note ? <p className="mt-2 text-xs text-slate-500">{note}</p> : null}
    </section>
  );
}
