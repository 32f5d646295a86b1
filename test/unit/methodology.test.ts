import { describe, expect, it } from 'vitest';
import { methodology } from '@/lib/methodology';
import { OBJECTIVITY_DEFAULTS } from '@/lib/metrics/objectivity';
import { INDICATORS } from '@/lib/metrics/results';

describe('methodology page text', () => {
  const all = (s = methodology()) => s.flatMap((x) => x.items);

  it('describes every result indicator and every objectivity indicator', () => {
    const ids = all().map((i) => i.id);
    for (const i of INDICATORS) expect(ids).toContain(i.key);
    for (const k of ['journal', 'unconfirmed', 'jump', 'peaks', 'risk-group', 'km', 'exit-rate', 'streak', 'share']) expect(ids).toContain(k);
  });

  it('shows the thresholds in force, so a changed setting changes the text', () => {
    const jump = (s = OBJECTIVITY_DEFAULTS) => all(methodology(s)).find((i) => i.id === 'jump')!.rule;
    expect(jump()).toContain('на 20 п. п. или больше');
    expect(jump({ ...OBJECTIVITY_DEFAULTS, jumpQuality: 0.25 })).toContain('на 25 п. п. или больше');
    expect(all().find((i) => i.id === 'journal')!.rule).toContain('5 %');
  });

  it('names lists as users know them, never by an internal id', () => {
    const text = JSON.stringify(methodology());
    expect(text).not.toContain('группа_риска');
    expect(text).toContain('Опубликованный список группы риска');
    expect(text).toContain('Группа риска по расчёту');
  });
});
