'use client';
import type { ParseRequest, ParseResult, WorkerMessage } from '@/lib/upload/parse-worker';

export interface ParseHandle {
  promise: Promise<ParseResult | null>;
  cancel(): void;
}

/** Parses a file in its own worker; `onProgress` gets bytes, records and seconds. Resolves null when cancelled. */
export function parseInWorker(
  req: Omit<ParseRequest, 'type'>,
  onProgress: (p: Extract<WorkerMessage, { type: 'progress' }>) => void,
): ParseHandle {
  const worker = new Worker(new URL('../../lib/upload/parse-worker.ts', import.meta.url), { type: 'module' });
  const promise = new Promise<ParseResult | null>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data;
      if (m.type === 'progress') return onProgress(m);
      worker.terminate();
      if (m.type === 'done') resolve(m.result);
      else if (m.type === 'cancelled') resolve(null);
      else reject(new Error(m.message));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'Ошибка обработчика файла'));
    };
  });
  worker.postMessage({ type: 'parse', ...req } satisfies ParseRequest);
  return { promise, cancel: () => worker.postMessage({ type: 'cancel' }) };
}
