import type { Metadata } from 'next';
import { Suspense, type ReactNode } from 'react';
import './globals.css';
import { ViewStateProvider } from '@/components/filters/ViewStateProvider';
import { SiteNav } from '@/components/SiteHeader';
import { Notices } from '@/components/Notices';
import { DataNotices } from '@/components/DataNotices';

export const metadata: Metadata = {
  title: 'ШНОР-Динамика',
  description:
    'Аналитика по школам с низкими образовательными результатами: перечни, динамика, выход из перечня',
};

function Brand() {
  return <span className="text-lg font-semibold text-sky-900">ШНОР-Динамика</span>;
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="ru">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sky-900 focus:shadow"
          data-testid="skip-link"
        >
          Перейти к содержимому
        </a>
        {/* The view state comes from the URL query, which a static page only knows in the browser. */}
        <Suspense
          fallback={
            <header className="border-b border-slate-200 bg-white px-4 py-3">
              <Brand /> <span className="ml-4 text-slate-500">Загрузка…</span>
            </header>
          }
        >
          <ViewStateProvider>
            <header className="border-b border-slate-200 bg-white">
              <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
                <Brand />
                <SiteNav />
              </div>
            </header>
            <main
              id="main"
              tabIndex={-1}
              className="mx-auto max-w-7xl space-y-4 px-4 py-6 focus:outline-none"
            >
              <Notices />
              <DataNotices />
              {children}
            </main>
          </ViewStateProvider>
        </Suspense>
      </body>
    </html>
  );
}
