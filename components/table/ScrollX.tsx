'use client';
import { type ReactNode, useEffect, useRef, useState } from 'react';

/** A box that scrolls sideways, and says so when its content is wider than it (a table on a phone). */
export function ScrollX({
  className = '',
  cue,
  children,
}: {
  className?: string;
  cue?: string;
  children: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [wide, setWide] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWide(el.scrollWidth > el.clientWidth + 1));
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <>
      {wide && (
        <p className="text-xs text-slate-500 sm:hidden print:hidden" data-testid={cue}>
          Таблица шире экрана: прокрутите её вбок →
        </p>
      )}
      <div ref={box} className={`overflow-x-auto ${className}`}>
        {children}
      </div>
    </>
  );
}
