import { describe, expect, it } from 'vitest';
import { methodology } from '@/lib/methodology';
import { OBJECTIVITY_DEFAULTS } from '@/lib/metrics/objectivity';
import { INDICATORS } from '@/lib/metrics/results';

describe('methodology page text', () => {
  const all = (s = methodology()) => s.flatMap((x) => x.items);

  it('describes every result indicator and every objectivity indicator', () => {
    const ids = all().map((i) => i.id);
    for (const i of INDICATORS) expect(ids).toContain(i.key);
    for (const k of [
      'journal',
      'unconfirmed',
      'jump',
      'peaks',
      'risk-group',
      'km',
      'exit-rate',
      'streak',
      'share',
    ])
      expect(ids).toContain(k);
  });

  it('shows the settings in force, so a changed setting changes the text', () => {
    const intro = (s = OBJECTIVITY_DEFAULTS) => methodology(s).find((x) => x.id === 'objectivity')!.intro!;
    expect(intro()).toContain('z ≥ 4,5');
    expect(intro()).toContain('не меньше 10 участников');
    expect(intro({ ...OBJECTIVITY_DEFAULTS, zMin: 3.5, minPupils: 25 })).toContain('z ≥ 3,5');
    expect(intro({ ...OBJECTIVITY_DEFAULTS, zMin: 3.5, minPupils: 25 })).toContain('не меньше 25 участников');
    expect(intro()).toContain('за три года вместе');
    expect(intro({ ...OBJECTIVITY_DEFAULTS, zMin: 3.5 })).toContain('набирает z ≥ 3,5 за несколько лет');
    expect(all().map((i) => i.id)).toContain('lenient');
  });

  it('names lists as users know them, never by an internal id', () => {
    const text = JSON.stringify(methodology());
    expect(text).not.toContain('группа_риска');
    expect(text).toContain('Опубликованный список группы риска');
    expect(text).toContain('Группа риска по расчёту');
  });
});
