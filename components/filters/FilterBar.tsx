'use client';
import { useState } from 'react';
import { INDICATORS } from '@/lib/metrics/results';
import { LIST_NAMES, PROCEDURES } from '@/lib/schema';
import { DEFAULT_STATE, withApplicableIndicator } from '@/lib/view-state';
import { listShortLabel } from '@/lib/narrative';
import { storedSource } from '@/lib/upload/store';
import { useViewState } from './ViewStateProvider';
import { MultiSelect } from './MultiSelect';
import { NumberField } from '../input/NumberField';
import { subjectProcedures, type FilterControl } from '@/lib/view-controls';

const field = 'flex flex-col gap-1 text-xs text-slate-600';
const input =
  'rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-700';

export function FilterBar({ controls }: { controls: readonly FilterControl[] }) {
  const { state, options, update } = useViewState();
  // With regions chosen (a country), their municipalities alone; a municipality chosen elsewhere stays listed.
  const municipalityOptions = (options?.municipalities ?? []).filter(
    (m) =>
      !state.regions.length ||
      state.municipalities.includes(m) ||
      options?.municipalityRegions[m]?.some((r) => state.regions.includes(r)),
  );
  const has = (c: FilterControl) => controls.includes(c);
  const years = options?.years ?? [];
  const procedures = subjectProcedures(controls, state);
  // One entry per subject: on «Справка» a subject may be in several procedures' results.
  const subjects = [
    ...new Set(
      (options?.subjects ?? []).filter((s) => procedures.includes(s.procedure)).map((s) => s.subject),
    ),
  ].map((subject) => ({
    subject,
    grades: (options?.subjects ?? [])
      .filter((s) => s.subject === subject && procedures.includes(s.procedure))
      .flatMap((s) => s.grades),
  }));
  const grades = [
    ...new Set(
      subjects.filter((s) => !state.subject || s.subject === state.subject).flatMap((s) => s.grades),
    ),
  ].sort((a, b) => a - b);
  const num = (v: string) => (v === '' ? null : Number(v));
  return (
    <form
      aria-label="Фильтры"
      className="no-print relative flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3"
      onSubmit={(e) => e.preventDefault()}
    >
      {has('list') && (
        <label className={field}>
          Перечень
          <select
            className={input}
            value={state.list}
            onChange={(e) => update({ list: e.target.value, cell: null })}
            data-testid="filter-list"
          >
            {LIST_NAMES.map((l) => (
              <option key={l} value={l}>
                {listShortLabel(l)}
              </option>
            ))}
          </select>
        </label>
      )}
      {has('year') && (
        <label className={field}>
          Год
          <select
            className={input}
            value={state.year ?? ''}
            onChange={(e) => update({ year: num(e.target.value), cell: null })}
            data-testid="filter-year"
          >
            <option value="">последний</option>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
      )}
      {has('years') && (
        <fieldset className="flex items-end gap-1">
          <legend className="sr-only">Годы</legend>
          <label className={field}>
            Годы: с
            <select
              className={input}
              value={state.from ?? ''}
              onChange={(e) => update({ from: num(e.target.value), cell: null })}
              data-testid="filter-from"
            >
              <option value="">первого</option>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
          <label className={field}>
            по
            <select
              className={input}
              value={state.to ?? ''}
              onChange={(e) => update({ to: num(e.target.value), cell: null })}
              data-testid="filter-to"
            >
              <option value="">последний</option>
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
      )}
      {has('procedure') && (
        <label className={field}>
          Процедура
          <select
            className={input}
            value={state.procedure}
            onChange={(e) => {
              const procedure = e.target.value;
              const { indicator } = withApplicableIndicator({ ...state, procedure });
              update({ procedure, indicator, subject: null, grade: null, cell: null });
            }}
            data-testid="filter-procedure"
          >
            {PROCEDURES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
      )}
      {has('procedures') && (
        <MultiSelect
          label="Процедуры"
          all="все"
          values={state.procedures}
          options={[...PROCEDURES]}
          onChange={(v) => update({ procedures: v })}
          testId="filter-procedures"
        />
      )}
      {has('subject') && (
        <label className={field}>
          Предмет
          <select
            className={input}
            value={state.subject ?? ''}
            onChange={(e) => update({ subject: e.target.value || null, grade: null, cell: null })}
            data-testid="filter-subject"
          >
            <option value="">все предметы</option>
            {subjects.map((s) => (
              <option key={s.subject}>{s.subject}</option>
            ))}
          </select>
        </label>
      )}
      {has('grade') && (
        <label className={field}>
          Класс
          <select
            className={input}
            value={state.grade ?? ''}
            onChange={(e) => update({ grade: num(e.target.value), cell: null })}
            data-testid="filter-grade"
          >
            <option value="">все классы</option>
            {grades.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </label>
      )}
      {has('indicator') && (
        <label className={field}>
          Показатель
          <select
            className={input}
            value={state.indicator}
            onChange={(e) => update({ indicator: e.target.value as typeof state.indicator, cell: null })}
            data-testid="filter-indicator"
          >
            {INDICATORS.filter((i) => i.procedures.includes(state.procedure)).map((i) => (
              <option key={i.key} value={i.key}>
                {i.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {has('area') && (
        <>
          {/* One region's data (the demo, a region's own files) has nothing to choose. */}
          {(options?.regions.length ?? 0) > 1 && (
            <MultiSelect
              label="Регионы"
              all="все"
              values={state.regions}
              options={options?.regions ?? []}
              onChange={(v) => update({ regions: v, municipalities: [], cell: null })}
              testId="filter-region"
            />
          )}
          <MultiSelect
            label="Муниципалитеты"
            all="все"
            values={state.municipalities}
            options={municipalityOptions}
            onChange={(v) => update({ municipalities: v, cell: null })}
            testId="filter-municipality"
          />
          <MultiSelect
            label="Тип ОО"
            all="все"
            values={state.types}
            options={options?.types ?? []}
            onChange={(v) => update({ types: v, cell: null })}
            testId="filter-type"
          />
          <MultiSelect
            label="Местность"
            all="вся"
            values={state.locations}
            options={options?.locations ?? []}
            onChange={(v) => update({ locations: v, cell: null })}
            testId="filter-location"
          />
        </>
      )}
      {has('target') && (
        <NumberField
          label="Цель: доля в перечне, %"
          value={state.target}
          min={0}
          max={100}
          testId="filter-target"
          className={field}
          inputClassName={`${input} w-24`}
          onCommit={(target) => update({ target })}
        />
      )}
      <ShareLinkButton />
      {controls.length > 0 && (
        <button
          type="button"
          className="rounded px-2 py-1 text-sm text-sky-800 underline"
          onClick={() => update({ ...DEFAULT_STATE, id: state.id })}
        >
          Сбросить фильтры
        </button>
      )}
    </form>
  );
}

function ShareLinkButton() {
  const [copied, setCopied] = useState<'yes' | 'manual' | null>(null);
  const [ownData, setOwnData] = useState(false);
  const copy = async () => {
    setOwnData(['mine', 'both'].includes(storedSource() ?? ''));
    try {
      // A browser that asks the user for clipboard access may never answer: fall back after a second.
      await Promise.race([
        navigator.clipboard.writeText(location.href),
        new Promise((_, reject) => setTimeout(reject, 1000)),
      ]);
      setCopied('yes');
    } catch {
      setCopied('manual');
    }
  };
  return (
    <div className="flex items-end gap-2">
      <button
        type="button"
        onClick={copy}
        data-testid="copy-link"
        className="rounded bg-sky-800 px-3 py-1.5 text-sm text-white hover:bg-sky-900 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700"
      >
        Скопировать ссылку
      </button>
      {copied === 'yes' && (
        <span role="status" className="text-xs text-slate-600">
          Ссылка скопирована
        </span>
      )}
      {ownData && (
        <span role="status" className="max-w-xs text-xs text-amber-800" data-testid="own-data-link-warning">
          Включены ваши загруженные данные: по этой ссылке они видны только в этом браузере, у других
          откроются демо-данные.
        </span>
      )}
      {copied === 'manual' && (
        <label className="text-xs text-slate-600">
          Скопируйте вручную:{' '}
          <input
            readOnly
            className={`${input} w-64`}
            value={location.href}
            onFocus={(e) => e.target.select()}
            // biome-ignore lint/a11y/noAutofocus: shown on the user's own click when the clipboard is refused; the focus goes to the link they asked for
            autoFocus
          />
        </label>
      )}
    </div>
  );
}
