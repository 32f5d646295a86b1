import { memo } from 'react';
import type { Report } from '@/lib/report/model';
import { ReportChartFigure } from './ReportChart';
import { ScrollX } from '../table/ScrollX';

/** The report's blocks as a printable page: the same blocks the DOCX and the CLI files are made of. */
export const ReportDocument = memo(function ReportDocument({ report }: { report: Report }) {
  let tables = 0;
  let figures = 0;
  return (
    <article
      className="report-doc mx-auto max-w-[17cm] bg-white font-serif text-[15px] leading-relaxed text-black"
      data-testid="report-document"
    >
      <h1 className="text-center text-xl font-bold">{report.title}</h1>
      <p className="text-center font-bold">{report.subtitle}</p>
      <dl className="my-3 text-sm" data-testid="report-meta">
        {report.meta.map(([k, v]) => (
          <div key={k}>
            <dt className="inline">{k}: </dt>
            <dd className="inline">{v}</dd>
          </div>
        ))}
      </dl>
      {report.sections.map((s, i) => (
        <section
          key={s.id}
          id={`report-${s.id}`}
          data-testid={`report-section-${s.id}`}
          data-loading={s.pending ? 'true' : undefined}
          aria-busy={s.pending || undefined}
        >
          <h2 className="report-h2 mt-5 mb-2 text-lg font-bold">
            {i + 1}. {s.title}
          </h2>
          {s.blocks.map((b, j) => {
            if (b.kind === 'p')
              return (
                <p
                  key={j}
                  role={s.pending ? 'status' : undefined}
                  className={`mb-2 text-justify indent-8 ${s.pending ? 'text-slate-500' : ''}`}
                >
                  {b.text}
                </p>
              );
            if (b.kind === 'chart')
              return (
                <ReportChartFigure key={j} id={b.id} caption={b.caption} chart={b.chart} n={++figures} />
              );
            const t = b.table;
            return (
              <ScrollX key={j} className="report-table my-3">
                <table className="w-full border-collapse text-[13px] leading-snug">
                  <caption className="mb-1 text-left text-sm">
                    Таблица {++tables}. {t.caption}
                  </caption>
                  <thead>
                    <tr>
                      {t.header.map((h) => (
                        <th
                          key={h}
                          scope="col"
                          className="border border-black px-1 py-0.5 text-left align-bottom font-bold"
                        >
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {t.rows.map((row, r) => (
                      <tr key={r}>
                        {row.map((v, c) => (
                          <td
                            key={c}
                            className={`border border-black px-1 py-0.5 align-top ${t.numeric[c] ? 'whitespace-nowrap text-right' : ''}`}
                          >
                            {v}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
                {t.note ? <p className="mt-1 text-xs italic print:break-before-avoid">{t.note}</p> : null}
              </ScrollX>
            );
          })}
        </section>
      ))}
    </article>
  );
});
