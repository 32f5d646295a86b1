'use client';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { TABLES, tableDef } from '@/lib/schema';
import { SOURCE_LABELS, type DataSource } from '@/lib/db/user-data';
import { PREPARED, storageEstimate, type StoredImport } from '@/lib/upload/store';
import { formatInt, plural } from '@/lib/format';
import { BASE_PATH_PREFIX } from '@/lib/base-path';
import { dataVersion } from '@/lib/db/data-version';
import { FileJob } from './FileJob';
import { PreparedJob } from './PreparedJob';

const isPrepared = (f: File) => /\.duckdb$/i.test(f.name);

const mbText = (bytes: number) =>
  `${(bytes / 1e6).toLocaleString('ru-RU', { maximumFractionDigits: bytes < 1e7 ? 1 : 0 })} МБ`;

/** «Загрузка данных»: files in, checked in a worker, imported in a transaction, kept in this browser. */
export function UploadView() {
  const [files, setFiles] = useState<{ key: string; file: File }[]>([]);
  const [over, setOver] = useState(false);
  const [loaded, setLoaded] = useState<StoredImport[] | null>(null);
  const [source, setSourceState] = useState<DataSource>('demo');
  const [busy, setBusy] = useState(false);
  const [hydrated, setHydrated] = useState(false);

  const [failed, setFailed] = useState<Map<string, string>>(new Map());
  const [counts, setCounts] = useState<Record<string, number> | null>(null);
  const [storage, setStorage] = useState<Awaited<ReturnType<typeof storageEstimate>>>(null);
  const [deriving, setDeriving] = useState(false);
  const refresh = useCallback(async () => {
    const { listImports, currentSource, getBrowserEngine, replayFailures, userTableCounts } = await import(
      '@/lib/data/browser'
    );
    // Unreadable storage is said by DataNotices; here it reads as nothing stored.
    const list = await listImports().catch(() => []);
    setLoaded(list);
    await getBrowserEngine().catch(() => undefined);
    setFailed(new Map(replayFailures));
    setSourceState(currentSource(list.length > 0 && list.some((r) => !replayFailures.has(r.id))));
    setCounts(await userTableCounts().catch(() => null));
    setStorage(await storageEstimate().catch(() => null));
  }, []);
  useEffect(() => {
    setHydrated(true);
    void refresh();
    let stop = () => {};
    void import('@/lib/data/browser').then(({ derivedBuild }) => {
      const on = () => setDeriving(derivedBuild.running);
      derivedBuild.listeners.add(on);
      on();
      stop = () => derivedBuild.listeners.delete(on);
    });
    // Another tab's data taken in (DataNotices): the list and counts follow.
    const unsubscribe = dataVersion.subscribe(() => void refresh());
    return () => {
      unsubscribe();
      stop();
    };
  }, [refresh]);

  const add = (list: FileList | null) => {
    // Copy now: the input's FileList empties when its value is reset.
    const picked = [...(list ?? [])].map((file) => ({
      key: `${file.name}-${file.size}-${Date.now()}-${Math.random()}`,
      file,
    }));
    setFiles((f) => [...f, ...picked]);
  };
  const changeSource = async (s: DataSource) => {
    setBusy(true);
    const { setSource } = await import('@/lib/data/browser');
    await setSource(s);
    setSourceState(s);
    setBusy(false);
  };
  // Nothing of a removed import is kept: its file would have to be uploaded again, so it is asked first.
  const remove = async (id: string | null, what?: string) => {
    if (
      !confirm(
        id === null
          ? 'Удалить все загруженные вами данные из этого браузера?'
          : `Удалить ${what} из этого браузера?`,
      )
    )
      return;
    setBusy(true);
    const { removeUserFile } = await import('@/lib/data/browser');
    await removeUserFile(id);
    await refresh();
    setBusy(false);
  };

  return (
    <div className="space-y-6" data-testid="upload" data-hydrated={hydrated ? 'true' : 'false'}>
      <h1 className="text-2xl font-semibold">Загрузка данных</h1>
      <p className="max-w-3xl text-slate-700">
        Книги Excel (.xlsx, .xls) или файлы CSV (UTF-8, Windows-1251 или UTF-16, разделитель «;», «,» или
        табуляция, десятичная запятая). Данные остаются в этом браузере и никуда не отправляются. Форматы и
        шаблоны — на странице{' '}
        <Link className="text-sky-800 underline" href="/format/">
          «Форматы файлов»
        </Link>
        .
      </p>

      <fieldset
        className="flex flex-wrap items-center gap-4 rounded-lg border border-slate-200 bg-white p-3"
        disabled={busy}
        data-testid="source-switch"
      >
        <legend className="px-1 text-sm font-medium">Источник данных для всех разделов</legend>
        {(Object.keys(SOURCE_LABELS) as DataSource[]).map((s) => (
          <label key={s} className="flex items-center gap-2 text-sm">
            <input
              type="radio"
              name="source"
              value={s}
              checked={source === s}
              onChange={() => changeSource(s)}
            />
            {SOURCE_LABELS[s]}
          </label>
        ))}
      </fieldset>
      {source !== 'demo' && loaded?.length === 0 && (
        <p className="text-sm text-amber-800" role="status" data-testid="source-empty">
          Своих данных пока нет: разделы покажут «нет данных», пока вы не загрузите файлы. При следующем
          открытии сайта без загруженных файлов будут показаны демо-данные.
        </p>
      )}

      <label
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          add(e.dataTransfer.files);
        }}
        className={`flex cursor-pointer flex-col items-center gap-2 rounded-lg border-2 border-dashed p-8 text-center ${over ? 'border-sky-600 bg-sky-50' : 'border-slate-300 bg-white'}`}
      >
        <span className="text-lg">Перетащите файлы сюда или выберите их</span>
        <span className="text-sm text-slate-500">
          Можно несколько файлов сразу: школы, перечни, результаты, журнал ВПР, распределения баллов; или
          подготовленный файл .duckdb (команда prepare)
        </span>
        {/* The browser's own button speaks the browser's language («Choose Files»): hidden, the label opens it. */}
        <input
          type="file"
          multiple
          accept=".csv,.tsv,.txt,.xlsx,.xlsm,.xls,.duckdb,text/csv"
          className="peer sr-only"
          data-testid="file-input"
          onChange={(e) => {
            add(e.target.files);
            e.target.value = '';
          }}
        />
        <span className="rounded bg-sky-800 px-3 py-1.5 text-sm text-white peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-sky-700">
          Выбрать файлы
        </span>
      </label>

      <div className="space-y-3">
        {files.map((f) =>
          isPrepared(f.file) ? (
            <PreparedJob key={f.key} file={f.file} onDone={refresh} />
          ) : (
            <FileJob
              key={f.key}
              file={f.file}
              onDone={refresh}
              onClose={() => setFiles((all) => all.filter((x) => x.key !== f.key))}
            />
          ),
        )}
      </div>

      <section className="space-y-2" data-testid="loaded-panel" data-engine={counts ? 'ready' : 'loading'}>
        <h2 className="text-lg font-medium">Мои загруженные данные</h2>
        {loaded === null ? (
          <p className="text-sm text-slate-500">Проверяем…</p>
        ) : loaded.length === 0 ? (
          <p className="text-sm text-slate-500">Вы ещё ничего не загрузили.</p>
        ) : (
          <>
            <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
              <table className="min-w-full text-sm">
                <thead className="bg-slate-100 text-left">
                  <tr>
                    <th className="px-3 py-2">Файл</th>
                    <th className="px-3 py-2">Таблица</th>
                    <th className="px-3 py-2 text-right">Строк</th>
                    <th className="px-3 py-2">Годы</th>
                    <th className="px-3 py-2">Процедуры / перечни</th>
                    <th className="px-3 py-2">Загружен</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {loaded.map((r) => (
                    <tr key={r.id} className="border-t border-slate-100" data-testid="loaded-row">
                      <td className="px-3 py-1.5">
                        {r.fileName}
                        {failed.has(r.id) && (
                          <div role="alert" className="text-xs text-red-700">
                            Не удалось восстановить в этом сеансе, файл не учитывается: {failed.get(r.id)}
                          </div>
                        )}
                      </td>
                      <td className="px-3 py-1.5">
                        {r.table === PREPARED ? 'Подготовленный файл (.duckdb)' : tableDef(r.table).label}
                      </td>
                      <td className="px-3 py-1.5 text-right tabular-nums">{formatInt(r.rows)}</td>
                      <td className="px-3 py-1.5">{r.years.join(', ') || '—'}</td>
                      <td className="px-3 py-1.5">{r.procedures.join(', ') || '—'}</td>
                      <td className="px-3 py-1.5">{new Date(r.importedAt).toLocaleString('ru-RU')}</td>
                      <td className="px-3 py-1.5">
                        <button
                          type="button"
                          disabled={busy}
                          className="text-red-700 underline"
                          onClick={() =>
                            remove(
                              r.id,
                              `«${r.fileName}» (${formatInt(r.rows)} ${plural(r.rows, ['строка', 'строки', 'строк'])})`,
                            )
                          }
                        >
                          Удалить
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <button
              type="button"
              disabled={busy}
              className="rounded border border-red-300 px-3 py-1 text-sm text-red-800"
              onClick={() => remove(null)}
              data-testid="clear-mine"
            >
              Очистить мои данные
            </button>
          </>
        )}
        {counts && Object.values(counts).some((n) => n > 0) && (
          <p className="text-sm text-slate-700" data-testid="user-counts">
            В расчётах этой вкладки:{' '}
            {TABLES.filter((t) => counts[t.name] > 0).map((t, i) => (
              <span key={t.name}>
                {i > 0 ? '; ' : ''}
                {t.label}: <span data-testid={`user-count-${t.name}`}>{formatInt(counts[t.name])}</span>{' '}
                {plural(counts[t.name], ['строка', 'строки', 'строк'])}
              </span>
            ))}
          </p>
        )}
        {deriving && (
          <p className="text-sm text-slate-600" role="status" data-testid="deriving">
            Считаем производные таблицы и сохраняем их в браузере, чтобы в следующий раз разделы открылись
            быстрее…
          </p>
        )}
        {storage && (
          <p className="text-sm text-slate-600" data-testid="storage-usage">
            Хранилище браузера для этого сайта: занято {mbText(storage.usage)} из доступных{' '}
            {mbText(storage.quota)}.{' '}
            {storage.persisted
              ? 'Браузер не удалит эти данные сам при нехватке места.'
              : 'При нехватке места браузер может удалить эти данные; после первой загрузки мы просим его их сохранять.'}
          </p>
        )}
      </section>

      <section className="space-y-1 text-sm">
        <h2 className="text-lg font-medium">Шаблоны</h2>
        <ul className="list-disc pl-5">
          {TABLES.map((t) => (
            <li key={t.name}>
              <a
                className="text-sky-800 underline"
                href={`${BASE_PATH_PREFIX}/templates/${t.name}.csv`}
                download
              >
                {t.label} ({t.name}.csv)
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
