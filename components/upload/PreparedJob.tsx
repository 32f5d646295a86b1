'use client';
import { useEffect, useState } from 'react';
import { formatInt, plural } from '@/lib/format';

type Status = 'checking' | 'imported' | 'refused';

/** A prepared data file (.duckdb from `cli prepare`): checked and, when it fits, made own data. */
export function PreparedJob({ file, onDone }: { file: File; onDone(): void }) {
  const [status, setStatus] = useState<Status>('checking');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const { importPreparedFile } = await import('@/lib/data/browser');
        const { rows } = await importPreparedFile(file);
        if (!live) return;
        setStatus('imported');
        setMessage(
          `Загружен подготовленный файл: ${formatInt(rows)} ${plural(rows, ['строка', 'строки', 'строк'])} результатов; производные таблицы взяты из файла. Он заменил все свои файлы, загруженные ранее, и сохранён в этом браузере.`,
        );
        onDone();
      } catch (e) {
        if (!live) return;
        setStatus('refused');
        setMessage(`${e instanceof Error ? e.message : String(e)}. Загруженные ранее данные не изменились.`);
      }
    })();
    return () => {
      live = false;
    };
  }, [file, onDone]);

  return (
    <article
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
      data-testid="prepared-job"
      data-status={status}
      data-file={file.name}
    >
      <h3 className="font-medium">{file.name}</h3>
      {status === 'checking' && <p className="text-sm text-slate-600">Проверяем подготовленный файл…</p>}
      {message && (
        <p
          role={status === 'refused' ? 'alert' : 'status'}
          className={`text-sm ${status === 'refused' ? 'text-red-700' : 'text-emerald-800'}`}
          data-testid="prepared-message"
        >
          {message}
        </p>
      )}
    </article>
  );
}
