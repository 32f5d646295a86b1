'use client';
import { OBJECTIVITY_DEFAULTS, type ObjectivitySettings } from '@/lib/metrics/objectivity';
import { OBJECTIVITY_PARAMS } from '@/lib/view-state';
import { useViewState } from './ViewStateProvider';
import { NumberField } from '../input/NumberField';
import { ruNumberText } from '@/lib/input/ru-number';

type Param = (typeof OBJECTIVITY_PARAMS)[number];

/** A setting as a user reads it: «4,5». */
const shown = (o: Param, v: number) => ruNumberText(Math.round(v * o.scale * 1000) / 1000);

/** The objectivity thresholds: settings kept in the URL, shown on «Методика» as they are set. */
export function ObjectivitySettingsForm() {
  const { state, update } = useViewState();
  const changed = OBJECTIVITY_PARAMS.some((o) => state.objectivity[o.key] !== OBJECTIVITY_DEFAULTS[o.key]);
  const set = (key: keyof ObjectivitySettings, v: number) =>
    update({ objectivity: { ...state.objectivity, [key]: v } });
  return (
    <details
      className="no-print rounded-lg border border-slate-200 bg-white p-3 text-sm"
      data-testid="objectivity-settings"
      open={changed || undefined}
    >
      <summary className="cursor-pointer font-medium">
        Пороги признаков{changed ? ' (изменены)' : ' (по умолчанию)'}
      </summary>
      <form className="mt-2 flex flex-wrap items-start gap-3" onSubmit={(e) => e.preventDefault()}>
        {OBJECTIVITY_PARAMS.map((o) => (
          <NumberField
            key={o.name}
            label={`${o.label} (по умолчанию ${shown(o, OBJECTIVITY_DEFAULTS[o.key])})`}
            value={state.objectivity[o.key] * o.scale}
            min={o.min}
            max={o.max}
            integer={o.integer}
            testId={`threshold-${o.name}`}
            className="flex min-w-0 flex-col gap-1 text-xs text-slate-600"
            inputClassName="w-28 rounded border border-slate-300 px-2 py-1 text-sm text-slate-900"
            onCommit={(v) => set(o.key, v / o.scale)}
          />
        ))}
        {changed && (
          <button
            type="button"
            className="self-center text-sky-800 underline"
            data-testid="objectivity-defaults"
            onClick={() => update({ objectivity: OBJECTIVITY_DEFAULTS })}
          >
            Вернуть по умолчанию
          </button>
        )}
      </form>
      <p className="mt-2 text-xs text-slate-500">
        Дробные значения можно вводить с запятой («3,5»). Значение применяется при выходе из поля или по
        Enter.
      </p>
    </details>
  );
}
