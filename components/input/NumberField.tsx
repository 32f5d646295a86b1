'use client';
import { useEffect, useId, useState } from 'react';
import { parseRuNumber, ruNumberText, type RuNumberRule } from '@/lib/input/ru-number';

interface Props extends RuNumberRule {
  label: string;
  value: number;
  /** Called with a valid number on Enter or when the field loses focus. */
  onCommit(value: number): void;
  testId?: string;
  className?: string;
  inputClassName?: string;
}

/**
 * A number typed the Russian way (parseRuNumber). What the user typed stays in the field: a refused value
 * is never replaced or reverted, the message beside it says why, and the last valid value stays in force.
 */
export function NumberField({ label, value, onCommit, testId, className, inputClassName, ...rule }: Props) {
  const [text, setText] = useState(ruNumberText(value));
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  // A value changed from outside (a link, «Сбросить») replaces the text.
  useEffect(() => {
    setText(ruNumberText(value));
    setError(null);
  }, [value]);
  const commit = () => {
    const r = parseRuNumber(text, rule);
    if (!r.ok) return setError(r.error);
    setError(null);
    if (r.value !== value) onCommit(r.value);
  };
  return (
    <label className={className ?? 'flex flex-col gap-1 text-xs text-slate-600'}>
      {label}
      <input
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={text}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        className={`${inputClassName ?? ''} ${error ? 'border-red-600 outline-red-600' : ''}`}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
      {error && (
        <span
          id={errorId}
          role="alert"
          className="max-w-48 text-xs text-red-700"
          data-testid={testId ? `${testId}-error` : undefined}
        >
          {error}
        </span>
      )}
    </label>
  );
}
