'use client';
import { useState } from 'react';
import { OBJECTIVITY_DEFAULTS, type ObjectivitySettings } from '@/lib/metrics/objectivity';
import { OBJECTIVITY_PARAMS } from '@/lib/view-state';
import { useViewState } from './ViewStateProvider';

type Param = (typeof OBJECTIVITY_PARAMS)[number];

/** A setting as a user reads it: «4,5». */
const shown = (o: Param, v: number) => String(Math.round(v * o.scale * 1000) / 1000).replace('.', ',');

/** The typed text as the setting's value, or why it is not one (Russian decimal comma accepted). */
function parse(o: Param, text: string): { value: number } | { error: string } {
  const t = text.trim().replace(/\s/g, '').replace(',', '.');
  const v = /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
  const range = `от ${shown(o, o.min)} до ${shown(o, o.max)}`;
  if (!Number.isFinite(v)) return { error: `«${text}» — не число: введите ${o.integer ? 'целое число' : 'число'} ${range}.` };
  if (o.integer && !Number.isInteger(v)) return { error: `Нужно целое число ${range}, введено «${text}».` };
  if (v < o.min || v > o.max) return { error: `Нужно число ${range}, введено «${text}».` };
  return { value: v / o.scale };
}

function SettingInput({ o, value, onValue }: { o: Param; value: number; onValue: (v: number) => void }) {
  // The text stays as typed until it is a valid value: a wrong entry is said, never silently replaced.
  // Both belong to the value they were typed over: a value changed elsewhere (the reset) shows afresh.
  const [typed, setTyped] = useState<{ for: number; text: string; error: string | null } | null>(null);
  const own = typed && typed.for === value ? typed : null;
  const current = own ? own.text : shown(o, value);
  const error = own?.error ?? null;
  const commit = () => {
    const p = parse(o, current);
    if ('error' in p) return setTyped({ for: value, text: current, error: p.error });
    setTyped(null);
    if (p.value !== value) onValue(p.value);
  };
  return (
    <label className="flex min-w-0 flex-col gap-1 text-xs text-slate-600">
      {o.label}
      <input type="text" inputMode={o.integer ? 'numeric' : 'decimal'} className={`w-28 rounded border px-2 py-1 text-sm text-slate-900 ${error ? 'border-red-600' : 'border-slate-300'}`}
        value={current} data-testid={`threshold-${o.name}`} aria-invalid={error ? true : undefined}
        onChange={(e) => setTyped({ for: value, text: e.target.value, error })}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), commit())} />
      <span className="text-slate-500">по умолчанию {shown(o, OBJECTIVITY_DEFAULTS[o.key])}</span>
      {error && <span role="alert" className="max-w-60 text-red-800" data-testid={`threshold-${o.name}-error`}>{error}</span>}
    </label>
  );
}

/** The objectivity thresholds: settings kept in the URL, shown on «Методика» as they are set. */
export function ObjectivitySettingsForm() {
  const { state, update } = useViewState();
  const changed = OBJECTIVITY_PARAMS.some((o) => state.objectivity[o.key] !== OBJECTIVITY_DEFAULTS[o.key]);
  const set = (key: keyof ObjectivitySettings, v: number) => update({ objectivity: { ...state.objectivity, [key]: v } }, { replace: true });
  return (
    <details className="no-print rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="objectivity-settings" open={changed || undefined}>
      <summary className="cursor-pointer font-medium">Пороги признаков{changed ? ' (изменены)' : ' (по умолчанию)'}</summary>
      <form className="mt-2 flex flex-wrap items-start gap-3" onSubmit={(e) => e.preventDefault()}>
        {OBJECTIVITY_PARAMS.map((o) => (
          <SettingInput key={o.name} o={o} value={state.objectivity[o.key]} onValue={(v) => set(o.key, v)} />
        ))}
        {changed && (
          <button type="button" className="self-center text-sky-800 underline" data-testid="objectivity-defaults" onClick={() => update({ objectivity: OBJECTIVITY_DEFAULTS })}>
            Вернуть по умолчанию
          </button>
        )}
      </form>
      <p className="mt-2 text-xs text-slate-500">Дробные значения можно вводить с запятой («3,5»). Значение применяется при выходе из поля или по Enter.</p>
    </details>
  );
}
