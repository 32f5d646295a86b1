'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useViewState } from './filters/ViewStateProvider';

export const VIEWS = [
  { href: '/', label: 'Обзор' },
  { href: '/dynamics/', label: 'Динамика' },
  { href: '/cohorts/', label: 'Когорты' },
  { href: '/exits/', label: 'Выход из перечня' },
  { href: '/objectivity/', label: 'Объективность' },
  { href: '/risk/', label: 'Группа риска' },
  { href: '/regions/', label: 'Регионы' },
  { href: '/municipalities/', label: 'Муниципалитеты' },
  { href: '/school/', label: 'Карточка ОО' },
  { href: '/methodology/', label: 'Методика' },
  { href: '/upload/', label: 'Загрузка данных' },
];

/** Section links keep the filters: moving between views keeps the same area, years and list. */
export function SiteNav() {
  const { query } = useViewState();
  const pathname = usePathname();
  const params = new URLSearchParams(query);
  for (const k of [...params.keys()])
    if (['sort', 'q', 'cell'].includes(k) || /^(sort|q)\./.test(k)) params.delete(k);
  const qs = params.toString();
  return (
    <nav aria-label="Разделы" className="no-print flex flex-wrap gap-1 text-sm">
      {VIEWS.map((v) => {
        const active = v.href === '/' ? pathname === '/' : pathname.startsWith(v.href.replace(/\/$/, ''));
        return (
          <Link
            key={v.href}
            href={`${v.href}${qs ? `?${qs}` : ''}`}
            aria-current={active ? 'page' : undefined}
            className={`rounded px-2 py-1 focus-visible:outline-2 focus-visible:outline-sky-700 ${active ? 'bg-sky-100 font-medium text-sky-900' : 'text-slate-700 hover:bg-slate-100'}`}
          >
            {v.label}
          </Link>
        );
      })}
    </nav>
  );
}
