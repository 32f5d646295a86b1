'use client';
import { methodology } from '@/lib/methodology';
import { useViewState } from './filters/ViewStateProvider';

/** The methodology with the thresholds in force (the objectivity settings come from the link). */
export function MethodologyView() {
  const sections = methodology(useViewState().state.objectivity);
  return (
    <article className="max-w-4xl space-y-8" data-testid="methodology">
      <header>
        <h1 className="text-2xl font-semibold">Методика расчёта показателей</h1>
        <p className="mt-2 text-slate-700">
          Все показатели считаются одним и тем же SQL-кодом в браузере (DuckDB-wasm) и в инструменте командной
          строки. Текст этой страницы собран из тех же определений и порогов, что использует расчёт.
        </p>
        <nav aria-label="Разделы методики" className="no-print mt-3 flex flex-wrap gap-3 text-sm">
          {sections.map((s) => (
            <a key={s.id} href={`#${s.id}`} className="text-sky-800 underline">
              {s.title}
            </a>
          ))}
        </nav>
      </header>
      {sections.map((s) => (
        <section key={s.id} id={s.id} aria-labelledby={`${s.id}-title`} className="space-y-3">
          <h2 id={`${s.id}-title`} className="text-xl font-semibold">
            {s.title}
          </h2>
          {s.intro ? <p className="text-slate-700">{s.intro}</p> : null}
          <dl className="space-y-3">
            {s.items.map((i) => (
              <div key={i.id} id={`m-${i.id}`} className="rounded-lg border border-slate-200 bg-white p-4">
                <dt className="font-medium">{i.name}</dt>
                <dd className="mt-1 space-y-1 text-sm text-slate-700">
                  {i.formula ? (
                    <p>
                      <span className="text-slate-500">Формула: </span>
                      <code className="rounded bg-slate-100 px-1">{i.formula}</code>
                    </p>
                  ) : null}
                  <p>{i.rule}</p>
                  <p className="text-slate-500">Данные: {i.data}</p>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </article>
  );
}
