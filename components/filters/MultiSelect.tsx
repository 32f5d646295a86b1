'use client';

interface Props {
  label: string;
  /** Shown when nothing is chosen: everything. */
  all: string;
  values: string[];
  options: string[];
  onChange(values: string[]): void;
  testId: string;
}

/** Checkboxes in a disclosure: keyboard-usable without a widget library. */
export function MultiSelect({ label, all, values, options, onChange, testId }: Props) {
  const toggle = (o: string) => onChange(values.includes(o) ? values.filter((v) => v !== o) : [...values, o]);
  return (
    <details
      // On a phone the list spans the filter bar (its positioned parent): under a filter at the right it
      // would run off the screen.
      className="text-xs text-slate-600 sm:relative"
      data-testid={testId}
      onKeyDown={(e) => {
        // Escape closes the list and returns focus to its button, as any pop-up.
        if (e.key !== 'Escape' || !e.currentTarget.open) return;
        e.currentTarget.open = false;
        e.currentTarget.querySelector('summary')?.focus();
      }}
    >
      <summary className="flex cursor-pointer list-none flex-col gap-1 focus-visible:outline-2 focus-visible:outline-sky-700">
        {label}
        <span className="min-w-36 rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900">
          {values.length === 0 ? all : values.length === 1 ? values[0] : `выбрано: ${values.length}`} ▾
        </span>
      </summary>
      <div className="absolute inset-x-3 z-20 mt-1 max-h-80 overflow-auto rounded border border-slate-300 bg-white p-2 shadow-lg sm:inset-x-auto sm:w-72">
        <button type="button" className="mb-1 text-sky-800 underline" onClick={() => onChange([])}>
          Сбросить
        </button>
        {options.map((o) => (
          <label key={o} className="flex items-center gap-2 py-0.5 text-sm text-slate-900">
            <input type="checkbox" checked={values.includes(o)} onChange={() => toggle(o)} />
            {o}
          </label>
        ))}
      </div>
    </details>
  );
}
