import { describe, expect, it } from 'vitest';
import { parseRuNumber } from '@/lib/input/ru-number';

const value = (t: string, rule = {}) => {
  const r = parseRuNumber(t, rule);
  return r.ok ? r.value : r.error;
};

describe('parseRuNumber', () => {
  it('reads a decimal comma and a decimal point alike', () => {
    expect(value('2,5')).toBe(2.5);
    expect(value('2.5')).toBe(2.5);
    expect(value('12,5')).toBe(12.5);
    expect(value(' 15 ')).toBe(15);
    expect(value(',5')).toBe(0.5);
    expect(value('-0,25')).toBe(-0.25);
  });

  it('ignores spaces between thousands, ordinary and non-breaking', () => {
    expect(value('1 000')).toBe(1000);
    expect(value('12 345,75')).toBe(12345.75);
    expect(value('1\u00a0000')).toBe(1000);
    expect(value('1\u202f000,5')).toBe(1000.5);
  });

  it('refuses what is not a number, with a Russian message', () => {
    expect(value('')).toBe('Введите число');
    expect(value('abc')).toBe('«abc» — не число');
    expect(value('1,2,3')).toContain('одной запятой');
    expect(value('1.234,5')).toContain('одной запятой');
    expect(value('12 5')).toBe('«12 5» — не число');
    expect(value('5%')).toBe('«5%» — не число');
  });

  it('refuses values out of range and fractions where whole numbers are needed, never clamping', () => {
    expect(value('125', { min: 0, max: 100 })).toBe('Допустимо от 0 до 100');
    expect(value('0,25', { min: 0.5, max: 50 })).toBe('Допустимо от 0,5 до 50');
    expect(value('-1', { min: 0 })).toBe('Допустимо не меньше 0');
    expect(value('2,5', { integer: true })).toBe('Нужно целое число');
    expect(value('100', { min: 0, max: 100 })).toBe(100);
  });
});
