// The filter controls each view shows, by its path: the views' filter bars render them, and the build answers
// in advance each view's states one control away from its default (lib/answer-pages.ts).

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
