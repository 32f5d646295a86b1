import Link from 'next/link';

const NAV = [
  { href: '/', label: 'Обзор' },
  { href: '/methodology', label: 'Методика' },
];

export function SiteHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-8 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-semibold text-sky-900">
          ШНОР-Динамика
        </Link>
        <nav aria-label="Разделы" className="no-print flex gap-4 text-sm">
          {NAV.map((n) => (
            <Link key={n.href} href={n.href} className="rounded px-2 py-1 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-700">
              {n.label}
            </Link>
          ))}
        </nav>
      </div>
    </header>
  );
}
