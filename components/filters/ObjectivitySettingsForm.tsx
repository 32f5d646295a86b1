'use client';
import { OBJECTIVITY_DEFAULTS } from '@/lib/metrics/objectivity';
import { OBJECTIVITY_PARAMS } from '@/lib/view-state';
import { useViewState } from './ViewStateProvider';

/** The objectivity thresholds: settings kept in the URL, shown on «Методика» as they are set. */
export function ObjectivitySettingsForm() {
  const { state, update } = useViewState();
  const changed = OBJECTIVITY_PARAMS.some((o) => state.objectivity[o.key] !== OBJECTIVITY_DEFAULTS[o.key]);
  return (
    <details className="no-print rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="objectivity-settings">
      <summary className="cursor-pointer font-medium">Пороги признаков{changed ? ' (изменены)' : ' (по умолчанию)'}</summary>
      <form className="mt-2 flex flex-wrap items-end gap-3" onSubmit={(e) => e.preventDefault()}>
        {OBJECTIVITY_PARAMS.map((o) => (
          <label key={o.name} className="flex flex-col gap-1 text-xs text-slate-600">
            {o.label}
            <input type="number" min={o.min} max={o.max} step="any" className="w-28 rounded border border-slate-300 px-2 py-1 text-sm text-slate-900"
              key={`${o.name}:${state.objectivity[o.key]}`} defaultValue={Math.round(state.objectivity[o.key] * o.scale * 1000) / 1000} data-testid={`threshold-${o.name}`}
              onBlur={(e) => {
                const v = Number(e.target.value.replace(',', '.'));
                if (Number.isFinite(v) && v >= o.min && v <= o.max) update({ objectivity: { ...state.objectivity, [o.key]: v / o.scale } }, { replace: true });
                else e.target.value = String(Math.round(state.objectivity[o.key] * o.scale * 1000) / 1000);
              }}
              onKeyDown={(e) => e.key === 'Enter' && e.currentTarget.blur()} />
          </label>
        ))}
        {changed && <button type="button" className="text-sky-800 underline" onClick={() => update({ objectivity: OBJECTIVITY_DEFAULTS })}>Вернуть пороги по умолчанию</button>}
      </form>
    </details>
  );
}
