import { describe, expect, it } from 'vitest';
import { cellFitsView, DEFAULT_STATE, filterOf, parseViewState, serializeViewState } from '@/lib/view-state';
import { subjectProcedures, viewControls } from '@/lib/view-controls';

const parse = (qs: string) => parseViewState(new URLSearchParams(qs));

describe('view state in the URL', () => {
  it('leaves defaults out and round-trips every field', () => {
    expect(serializeViewState(DEFAULT_STATE)).toBe('');
    const qs =
      'list=%D0%B3%D1%80%D1%83%D0%BF%D0%BF%D0%B0_%D1%80%D0%B8%D1%81%D0%BA%D0%B0&year=2024&from=2021&to=2025&proc=%D0%9E%D0%93%D0%AD&subj=%D0%9C%D0%B0%D1%82%D0%B5%D0%BC%D0%B0%D1%82%D0%B8%D0%BA%D0%B0&grade=9&mun=A&mun=B&type=%D0%A1%D0%9E%D0%A8&target=10&ind=quality&id=0012&sort=share%3Adesc&q=%D1%88%D0%BA&cell=2%3A3&z=3.5&minn=20&minm=2';
    const { state, notices } = parse(qs);
    expect(notices).toEqual([]);
    expect(state).toMatchObject({
      list: 'группа_риска',
      year: 2024,
      from: 2021,
      to: 2025,
      procedure: 'ОГЭ',
      subject: 'Математика',
      grade: 9,
      municipalities: ['A', 'B'],
      types: ['СОШ'],
      target: 10,
      indicator: 'quality',
      id: '0012',
      sort: 'share:desc',
      q: 'шк',
      cell: '2:3',
    });
    expect(state.objectivity).toEqual({ zMin: 3.5, minPupils: 20, minMarkers: 2 });
    expect(serializeViewState(state)).toBe(qs);
  });

  it('drops unknown and invalid parameters with a Russian notice', () => {
    const { state, notices } = parse(
      'year=20x4&grade=13&list=nope&proc=ГИА&ind=zzz&target=150&foo=1&z=1&minn=2,5&jtop=5&cell=9:9&sort=<b>&from=abc',
    );
    expect(state).toEqual(DEFAULT_STATE);
    expect(notices).toEqual([
      'Параметр ссылки «year=20x4» не распознан: показан последний год.',
      'Параметр ссылки «grade=13» не распознан: показаны все классы.',
      'Параметр ссылки «list=nope» не распознан: показан перечень ШНОР.',
      'Параметр ссылки «proc=ГИА» не распознан: показаны результаты ВПР.',
      'Параметр ссылки «ind=zzz» не распознан: показана доля «2».',
      'Параметр ссылки «target=150» не распознан: целевая доля 15 %.',
      'Параметр ссылки «foo» неизвестен и пропущен.',
      'Параметр ссылки «z=1» не распознан: значение по умолчанию 4,5.',
      'Параметр ссылки «minn=2,5» не распознан: значение по умолчанию 10.',
      'Параметр ссылки «jtop» относится к прежним правилам признаков необъективности и пропущен: признаки теперь считаются как статистические проверки (см. «Методика»).',
      'Параметр ссылки «cell=9:9» не распознан: клетка не выбрана.',
      'Параметр ссылки «sort=<b>» не распознан: строки в исходном порядке.',
      'Параметр ссылки «from=abc» не распознан: диапазон лет не ограничен.',
    ]);
  });

  it('takes an indicator the procedure has: said when the link asked for one it lacks', () => {
    // ЕГЭ has no marks «2»–«5»: of the indicators in their order, mean_score is its first.
    const asked = parseViewState(new URLSearchParams('proc=ЕГЭ&ind=share_2'));
    expect(asked.state.indicator).toBe('mean_score');
    expect(asked.notices).toEqual([
      'Показатель «Доля «2» (неуспеваемость)» для ЕГЭ не считается: показан «Средний балл».',
    ]);
    const quiet = parseViewState(new URLSearchParams('proc=ЕГЭ'));
    expect([quiet.state.indicator, quiet.notices]).toEqual(['mean_score', []]);
    expect(parseViewState(new URLSearchParams('proc=ОГЭ&ind=quality')).state.indicator).toBe('quality');
  });

  it("keeps the report's procedures once each, in the order chosen, and drops unknown ones", () => {
    const { state, notices } = parse(
      'procs=%D0%95%D0%93%D0%AD&procs=%D0%9E%D0%93%D0%AD&procs=%D0%95%D0%93%D0%AD&procs=%D0%93%D0%98%D0%90',
    );
    expect(state.procedures).toEqual(['ЕГЭ', 'ОГЭ']);
    expect(notices).toEqual([
      'Параметр ссылки «procs=ГИА» не распознан: процедура пропущена (ВПР, ОГЭ или ЕГЭ).',
    ]);
    expect(serializeViewState(state)).toBe('procs=%D0%95%D0%93%D0%AD&procs=%D0%9E%D0%93%D0%AD');
  });

  it('reads the evidence threshold with a decimal comma', () => {
    expect(parse('z=4,25').state.objectivity.zMin).toBe(4.25);
  });

  it('puts a reversed year range in order and builds the metric filter', () => {
    const { state, notices } = parse('from=2025&to=2021&mun=A');
    expect([state.from, state.to]).toEqual([2021, 2025]);
    expect(notices[0]).toContain('переставлены');
    expect(filterOf(state)).toMatchObject({
      list: 'ШНОР',
      procedure: 'ВПР',
      years: [2021, 2025],
      municipalities: ['A'],
      year: undefined,
      types: undefined,
    });
  });

  it('reads the target typed with a decimal comma or spaces', () => {
    expect(parse('target=12,5').state.target).toBe(12.5);
    expect(parse('target=12.5').state.target).toBe(12.5);
    expect(parse('target=1,2,5').notices).toEqual([
      'Параметр ссылки «target=1,2,5» не распознан: целевая доля 15 %.',
    ]);
  });

  it('reads regions (several) and the data set, and writes them back', () => {
    const { state, notices } = parse('data=national&reg=%D0%90&reg=%D0%91&mun=M');
    expect(notices).toEqual([]);
    expect([state.dataset, state.regions]).toEqual(['national', ['А', 'Б']]);
    expect(filterOf(state)).toMatchObject({ regions: ['А', 'Б'], municipalities: ['M'] });
    expect(serializeViewState(state)).toBe('data=national&reg=%D0%90&reg=%D0%91&mun=M');
    expect(filterOf(parse('').state).regions).toBeUndefined();
    expect(parse('data=world').notices).toEqual([
      'Параметр ссылки «data=world» не распознан: показаны демо-данные.',
    ]);
  });
});

describe('a link read against the view it opens', () => {
  it('says a parameter that takes one value was given several, and reads the last', () => {
    const p = parseViewState(new URLSearchParams('year=2023&year=2024&mun=А&mun=Б&z=4,5&z=3'));
    expect([p.state.year, p.state.municipalities, p.state.objectivity.zMin]).toEqual([2024, ['А', 'Б'], 3]);
    expect(p.notices).toEqual([
      'Параметр ссылки «year» указан 2 раза («2023», «2024»): взято последнее значение.',
      'Параметр ссылки «z» указан 2 раза («4,5», «3»): взято последнее значение.',
    ]);
    // The same value twice is no conflict.
    expect(parseViewState(new URLSearchParams('year=2024&year=2024')).notices).toEqual([]);
  });

  it("keeps every table's sort and search by the table's id, the main table's as before", () => {
    const p = parseViewState(
      new URLSearchParams('sort=name&sort.exits-by-type=rate:desc&q.exits-by-type=гимн&sort.x=BAD!'),
    );
    expect([p.state.sort, p.state.tables]).toEqual([
      'name',
      { 'exits-by-type': { sort: 'rate:desc', q: 'гимн' }, x: { sort: null, q: '' } },
    ]);
    expect(p.notices).toEqual(['Параметр ссылки «sort.x=BAD!» не распознан: строки в исходном порядке.']);
    expect(serializeViewState(p.state)).toBe(
      'sort=name&sort.exits-by-type=rate%3Adesc&q.exits-by-type=%D0%B3%D0%B8%D0%BC%D0%BD',
    );
  });

  it('writes a typed threshold back as typed', () => {
    const p = parseViewState(new URLSearchParams('z=3,3333'));
    expect([p.state.objectivity.zMin, serializeViewState(p.state)]).toEqual([3.3333, 'z=3.3333']);
  });

  it('takes a cell only on the view whose table it names', () => {
    expect(cellFitsView('/dynamics/', '3:4')).toBe(true);
    expect(cellFitsView('/dynamics', 'c:2024:first_time')).toBe(false);
    expect(cellFitsView('/cohorts/', 'm:2020:2021')).toBe(true);
    expect(cellFitsView('/cohorts/', '3:4')).toBe(false);
    // Views without cells keep it for the links they lead to.
    expect(cellFitsView('/exits/', '3:4')).toBe(true);
  });

  it('offers the subjects of the procedures a view shows', () => {
    const s = { procedure: 'ОГЭ', procedures: [] as string[] };
    expect(subjectProcedures(viewControls('/dynamics/'), s)).toEqual(['ОГЭ']);
    // «Объективность» is about ВПР whatever the procedure of the link.
    expect(subjectProcedures(viewControls('/objectivity'), s)).toEqual(['ВПР']);
    expect(subjectProcedures(viewControls('/report/'), s)).toEqual(['ВПР', 'ОГЭ', 'ЕГЭ']);
    expect(subjectProcedures(viewControls('/report/'), { ...s, procedures: ['ОГЭ'] })).toEqual(['ОГЭ']);
    expect(viewControls('/methodology/')).toEqual([]);
  });
});
