import { describe, expect, it } from 'vitest';
import { reportFileName } from '@/lib/report/file-name';

describe('a report file’s name', () => {
  it('names the list when it is not the default one, so that two lists’ reports do not share a name', () => {
    expect(reportFileName('Каменский район', 'ШНОР', 2023, 'docx')).toBe('spravka-Каменский-район-2023.docx');
    expect(reportFileName('Каменский район', '500+', 2023, 'docx')).toBe(
      'spravka-Каменский-район-500-2023.docx',
    );
    expect(reportFileName('г. Северогорск', 'группа_риска', 2024, 'md')).toBe(
      'spravka-г-Северогорск-группа-риска-2024.md',
    );
    expect(reportFileName('region', 'ШНОР', null, 'html')).toBe('spravka-region.html');
  });
});
