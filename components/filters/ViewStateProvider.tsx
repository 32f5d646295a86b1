'use client';
import { createContext, useCallback, useContext, useMemo, type ReactNode } from 'react';
import { usePathname, useSearchParams } from 'next/navigation';
import { BASE_PATH_PREFIX } from '@/lib/base-path';
import { cellFitsView, filterOf, parseViewState, serializeViewState, type ViewState } from '@/lib/view-state';
import { filterOptions, type FilterOptions } from '@/lib/metrics/options';
import type { Filter } from '@/lib/filters';
import { renderingPage } from '@/lib/data/answer-files';
import { useEngineQuery } from '../hooks/useEngineQuery';
import { subjectProcedures, viewControls } from '@/lib/view-controls';

interface ViewStateContext {
  state: ViewState;
  /** The filter for lib/metrics, with values unknown to the data removed. */
  filter: Filter;
  /** A stable string of the filter, for query keys. */
  filterKey: string;
  query: string;
  notices: string[];
  options: FilterOptions | null;
  /** Changes the state; a new history entry unless `replace`. */
  update(patch: Partial<ViewState>, opts?: { replace?: boolean }): void;
}

const Ctx = createContext<ViewStateContext | null>(null);

/**
 * Drops values the data does not have, with a notice for each. A subject or grade is checked only where the view
 * has its control, against the procedures the view shows (`subjectProcedures`): elsewhere it is kept for the
 * views the links lead to.
 */
function sanitize(
  state: ViewState,
  options: FilterOptions | null,
  path: string,
): { state: ViewState; notices: string[] } {
  const controls = viewControls(path);
  if (!options) return { state, notices: [] };
  const notices: string[] = [];
  const keep = (values: string[], known: string[], what: string) =>
    values.filter((v) => {
      if (!known.includes(v)) notices.push(`${what} «${v}» нет в данных: фильтр пропущен.`);
      return known.includes(v);
    });
  const s = { ...state };
  s.regions = keep(state.regions, options.regions, 'Региона');
  s.municipalities = keep(state.municipalities, options.municipalities, 'Муниципалитета');
  s.types = keep(state.types, options.types, 'Типа ОО');
  s.locations = keep(state.locations, options.locations, 'Местности');
  for (const k of ['year', 'from', 'to'] as const) {
    if (s[k] !== null && !options.years.includes(s[k]!)) {
      notices.push(
        `${s[k]} года нет в данных: ${k === 'year' ? 'показан последний год' : 'диапазон лет не ограничен'}.`,
      );
      s[k] = null;
    }
  }
  if (s.cell && !cellFitsView(path, s.cell)) {
    notices.push(`Клетка ссылки «${s.cell}» относится к другой странице: клетка не выбрана.`);
    s.cell = null;
  }
  const procedures = subjectProcedures(controls, s);
  const where = `в результатах ${procedures.join(', ')}`;
  const subjects = options.subjects.filter((x) => procedures.includes(x.procedure));
  if (controls.includes('subject') && s.subject && !subjects.some((x) => x.subject === s.subject)) {
    notices.push(`Предмета «${s.subject}» нет ${where}: показаны все предметы.`);
    s.subject = null;
  }
  const grades = subjects.filter((x) => !s.subject || x.subject === s.subject).flatMap((x) => x.grades);
  if (controls.includes('grade') && s.grade !== null && !grades.includes(s.grade)) {
    notices.push(
      `${s.grade} класса нет ${where}${s.subject ? ` по предмету «${s.subject}»` : ''}: показаны все классы.`,
    );
    s.grade = null;
  }
  return { state: s, notices };
}

export function ViewStateProvider({ children }: { children: ReactNode }) {
  const params = useSearchParams();
  const pathname = usePathname();
  const parsed = useMemo(() => parseViewState(new URLSearchParams(params.toString())), [params]);
  // Before any query of this render starts: which page's prepared answers apply.
  if (typeof window !== 'undefined') renderingPage(pathname, params.toString());
  const opts = useEngineQuery('filter-options', filterOptions);
  const value = useMemo<ViewStateContext>(() => {
    const clean = sanitize(parsed.state, opts.data, pathname);
    const filter = filterOf(clean.state);
    return {
      state: clean.state,
      filter,
      filterKey: JSON.stringify(filter),
      query: params.toString(),
      notices: [...parsed.notices, ...clean.notices],
      options: opts.data,
      update: () => undefined,
    };
  }, [parsed, opts.data, params, pathname]);
  const update = useCallback(
    (patch: Partial<ViewState>, o: { replace?: boolean } = {}) => {
      const qs = serializeViewState({ ...value.state, ...patch });
      // The native history API (Next keeps useSearchParams in step with it): the same page with other
      // parameters needs no router navigation, which would cost a render pass before the queries start.
      const url = `${BASE_PATH_PREFIX}${pathname}${qs ? `?${qs}` : ''}`;
      if (o.replace) window.history.replaceState(null, '', url);
      else window.history.pushState(null, '', url);
    },
    [value.state, pathname],
  );
  // data-search: the parameters this render answers. The URL changes before React renders the new state,
  // so tests and the bench compare the two to know a view is not still showing the previous one.
  return (
    <Ctx.Provider value={{ ...value, update }}>
      <div className="contents" data-testid="view-state" data-search={value.query}>
        {children}
      </div>
    </Ctx.Provider>
  );
}

export function useViewState(): ViewStateContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('useViewState outside ViewStateProvider');
  return c;
}
