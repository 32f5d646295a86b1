import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';
import { tableWorkbook } from '@/lib/xlsx/write';
import { fileSlug } from '@/lib/translit';

describe('table downloads as Excel books', () => {
  it('types the cells: codes as text, shares as percent-formatted numbers, years and counts as integers; the header frozen', () => {
    const bytes = tableWorkbook(
      'Муниципалитеты',
      [
        { label: 'Код ОО', kind: 'code' },
        { label: 'Год', kind: 'year' },
        { label: 'Школ', kind: 'int' },
        { label: 'Доля в перечне', kind: 'share' },
        { label: 'Школа', kind: 'text' },
      ],
      [
        ['0012345', 2025, 1503, 0.125, 'МБОУ «СОШ № 1»'],
        ['0000701', 2024, 7, null, 'школа'],
      ],
    );
    const wb = XLSX.read(bytes, { type: 'array', cellNF: true });
    const ws = wb.Sheets.Муниципалитеты;
    expect(ws.A1.v).toBe('Код ОО');
    expect([ws.A2.t, ws.A2.v]).toEqual(['s', '0012345']);
    expect([ws.B2.t, ws.B2.v]).toEqual(['n', 2025]);
    expect([ws.C2.t, ws.C2.v, ws.C2.z]).toEqual(['n', 1503, '#,##0']);
    expect([ws.D2.t, ws.D2.v, ws.D2.z]).toEqual(['n', 0.125, '0.0%']);
    expect(ws.D3).toBeUndefined();
    const sheetXml = new TextDecoder().decode(
      XLSX.CFB.find(XLSX.CFB.read(bytes, { type: 'array' }), '/xl/worksheets/sheet1.xml')!
        .content as Uint8Array,
    );
    expect(sheetXml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
  });

  it('names files in Latin letters from the title, territory and year', () => {
    expect(fileSlug('Доля школ в перечне и целевое значение', 'г. Северогорск', 2025)).toBe(
      'dolya-shkol-v-perechne-i-tselevoe-znachenie_g-severogorsk_2025',
    );
    expect(fileSlug('Школы «ШНОР»: вышли', null, '')).toBe('shkoly-shnor-vyshli');
  });
});
