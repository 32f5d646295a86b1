'use client';
import Link from 'next/link';
import { useState, useSyncExternalStore } from 'react';
import { dataNotice } from '@/lib/upload/sync';

/** Stored own data gone (the demo is shown instead), partly unloadable, or changed by another tab: said on every page. */
export function DataNotices() {
  const notice = useSyncExternalStore(dataNotice.subscribe, dataNotice.get, dataNotice.get);
  const [syncing, setSyncing] = useState(false);
  const sync = async () => {
    setSyncing(true);
    const { syncWithOtherTabs } = await import('@/lib/data/browser');
    await syncWithOtherTabs().finally(() => setSyncing(false));
  };
  return (
    <>
      {notice.storageLost && (
        <div
          role="alert"
          data-testid="storage-lost"
          className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900"
        >
          {notice.storageLost}{' '}
          <Link className="underline" href="/upload/">
            Загрузить файлы
          </Link>
        </div>
      )}
      {notice.storedFailed && (
        <div
          role="alert"
          data-testid="stored-failed"
          className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900"
        >
          {notice.storedFailed}{' '}
          <Link className="underline" href="/upload/">
            К загруженным файлам
          </Link>
        </div>
      )}
      {notice.nationalFailed && (
        <div
          role="alert"
          data-testid="national-failed"
          className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900"
        >
          {notice.nationalFailed}
        </div>
      )}
      {notice.changedElsewhere && (
        <div
          role="status"
          data-testid="changed-elsewhere"
          className="flex flex-wrap items-center gap-3 rounded border border-sky-300 bg-sky-50 p-3 text-sm text-sky-900"
        >
          Данные изменились в другой вкладке — обновить?
          <button
            type="button"
            disabled={syncing}
            className="rounded bg-sky-800 px-3 py-1 text-white disabled:bg-slate-400"
            onClick={sync}
            data-testid="sync-tabs"
          >
            {syncing ? 'Обновляем…' : 'Обновить'}
          </button>
        </div>
      )}
    </>
  );
}
