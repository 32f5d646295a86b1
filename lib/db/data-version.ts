// Bumped whenever the browser's data or data source changes, so that views run their queries again.
let version = 0;
const listeners = new Set<() => void>();

export const dataVersion = {
  get: () => version,
  subscribe(fn: () => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
  bump(): void {
    version++;
    for (const fn of listeners) fn();
  },
};
