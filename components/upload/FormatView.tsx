import { TABLES } from '@/lib/schema';
import { synonymsOf } from '@/lib/csv/headers';
import { BASE_PATH_PREFIX } from '@/lib/base-path';
import { ScrollX } from '../table/ScrollX';

const TYPE: Record<string, string> = { VARCHAR: 'текст', INTEGER: 'целое число', DOUBLE: 'число' };

/** The file formats the upload and the CLI accept, from the canonical schema and the header synonyms. */
export function FormatView() {
  return (
    <article className="max-w-5xl space-y-6" data-testid="format">
      <h1 className="text-2xl font-semibold">Форматы файлов</h1>
      <ul className="list-disc space-y-1 pl-5 text-slate-700">
        <li>
          CSV, сохранённый из Excel: кодировка UTF-8 (с BOM или без), Windows-1251 или UTF-16 («Текст
          Юникод»); разделитель «;», «,» или табуляция; дробные числа с запятой или точкой. Если разделитель —
          запятая, дробное число с запятой берут в кавычки: иначе строка сдвигается и не загружается.
        </li>
        <li>
          Первая строка — заголовки. Названия столбцов можно писать по-русски или по-английски, регистр,
          пробелы, знаки препинания и «ё» не важны. Неизвестные столбцы пропускаются.
        </li>
        <li>Коды ОО — текст: ведущие нули сохраняются («0012» и «12» — разные школы).</li>
        <li>
          Отметки «2»–«5» можно указывать количеством участников или процентами (в сумме около 100): проценты
          переводятся в количество. Количество должно совпадать с числом участников. Не преодолевших минимум и
          высокобалльников не может быть больше участников, минимального балла отметки — больше максимального.
        </li>
        <li>
          Одна и та же строка перечня, повторённая в файле, учитывается один раз. Если в файле перечня нет
          столбца «Перечень», это перечень ШНОР.
        </li>
        <li>
          Перед загрузкой проверяется весь файл; по каждой ошибке указываются строка, столбец и значение,
          отчёт можно скачать.
        </li>
      </ul>
      {TABLES.map((t) => (
        <section key={t.name} className="space-y-2" id={t.name}>
          <h2 className="text-xl font-medium">
            {t.label}{' '}
            <span className="text-base font-normal text-slate-500">
              ({t.name}; одна строка — {t.grain})
            </span>
          </h2>
          <a
            className="text-sm text-sky-800 underline"
            href={`${BASE_PATH_PREFIX}/templates/${t.name}.csv`}
            download
          >
            Скачать шаблон с примером
          </a>
          <ScrollX cue={`scroll-cue-format-${t.name}`}>
            <table className="min-w-full rounded border border-slate-200 bg-white text-sm">
              <thead className="bg-slate-100 text-left">
                <tr>
                  <th className="px-3 py-1.5">Столбец</th>
                  <th className="px-3 py-1.5">Обязательный</th>
                  <th className="px-3 py-1.5">Тип</th>
                  <th className="px-3 py-1.5">Также узнаются заголовки</th>
                </tr>
              </thead>
              <tbody>
                {t.columns.map((c) => (
                  <tr key={c.name} className="border-t border-slate-100">
                    <td className="px-3 py-1.5">
                      {c.label} <code className="text-xs text-slate-500">{c.name}</code>
                    </td>
                    <td className="px-3 py-1.5">
                      {c.required && !(t.name === 'lists' && c.name === 'list') ? 'да' : 'нет'}
                    </td>
                    <td className="px-3 py-1.5">{TYPE[c.type]}</td>
                    <td className="min-w-48 px-3 py-1.5 text-xs text-slate-600">
                      {synonymsOf(c.name).join(', ')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollX>
        </section>
      ))}
    </article>
  );
}
