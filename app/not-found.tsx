'use client';
import Link from 'next/link';
import { VIEWS } from '@/components/SiteHeader';

/** An address the site does not have (a misspelt view): said in Russian, with the views to go to. */
export default function NotFound() {
  return (
    <div className="space-y-3" data-testid="not-found">
      <h1 className="text-2xl font-semibold">Страница не найдена</h1>
      <p>
        Такого раздела нет: возможно, в адресе опечатка. Откройте один из разделов (данные, загруженные в этом
        браузере, никуда не делись):
      </p>
      <ul className="list-inside list-disc space-y-1">
        {VIEWS.map((v) => (
          <li key={v.href}>
            <Link href={v.href} className="text-sky-800 underline">
              {v.label}
            </Link>
          </li>
        ))}
        <li>
          <Link href="/report/" className="text-sky-800 underline">
            Справка
          </Link>
        </li>
      </ul>
    </div>
  );
}
