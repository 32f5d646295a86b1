// The filter controls each view shows, by its path: the views' filter bars render them, and the build answers
// in advance each view's states one control away from its default (lib/answer-pages.ts).

import { PROCEDURES } from './schema';

export type FilterControl =
  | 'list'
  | 'year'
  | 'years'
  | 'procedure'
  | 'procedures'
  | 'subject'
  | 'grade'
  | 'area'
  | 'target'
  | 'indicator';

export const VIEW_CONTROLS = {
  '/': ['list', 'year', 'area', 'target'],
  '/dynamics/': ['years', 'procedure', 'subject', 'grade', 'indicator', 'area'],
  '/cohorts/': ['list', 'area'],
  '/exits/': ['list', 'year', 'area'],
  '/objectivity/': ['year', 'subject', 'grade', 'area'],
  '/risk/': ['year', 'area'],
  '/municipalities/': ['list', 'year', 'area', 'target'],
  '/regions/': ['list', 'year', 'area'],
  '/school/': ['years', 'procedure', 'subject', 'grade', 'indicator'],
  '/report/': ['list', 'year', 'area', 'target', 'procedures', 'subject'],
} as const satisfies Record<string, readonly FilterControl[]>;

/**
 * The procedures whose subjects and grades a view's subject and grade controls offer: the chosen procedure; on
 * «Справка» the chosen procedures (all when none is chosen); otherwise ВПР («Объективность»: its signs are ВПР's).
 */
export function subjectProcedures(
  controls: readonly FilterControl[],
  state: { procedure: string; procedures: string[] },
): string[] {
  if (controls.includes('procedure')) return [state.procedure];
  if (controls.includes('procedures')) return state.procedures.length ? state.procedures : [...PROCEDURES];
  return ['ВПР'];
}

/** The controls of the view at `path` (with or without the trailing slash), none for a page without filters. */
export const viewControls = (path: string): readonly FilterControl[] =>
  (VIEW_CONTROLS as Record<string, readonly FilterControl[]>)[path.endsWith('/') ? path : `${path}/`] ?? [];
