// What the user must be told about their stored data, and the other tabs of this site kept in step: a tab
// that imports or removes data says so on a BroadcastChannel; the others offer to reload theirs.
export interface DataNotice {
  /** The stored imports were gone or unreadable at start: the demo is shown instead. */
  storageLost: string | null;
  /** Another tab changed the stored data since this tab loaded it. */
  changedElsewhere: boolean;
  /** The national file could not be attached: why; the demo is shown instead. */
  nationalFailed: string | null;
  /** Some stored imports could not be loaded (the others are shown): which and why. */
  storedFailed: string | null;
}

let notice: DataNotice = {
  storageLost: null,
  changedElsewhere: false,
  nationalFailed: null,
  storedFailed: null,
};
const listeners = new Set<() => void>();

export const dataNotice = {
  get: () => notice,
  subscribe(fn: () => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
  set(patch: Partial<DataNotice>): void {
    notice = { ...notice, ...patch };
    for (const fn of listeners) fn();
  },
};

const CHANNEL = 'shnor-dinamika:data';
let channel: BroadcastChannel | null = null;

/** Starts listening (once per tab) for changes made in other tabs. */
export function listenForOtherTabs(): void {
  if (channel || typeof BroadcastChannel === 'undefined') return;
  channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => dataNotice.set({ changedElsewhere: true });
}

/** Tells the other tabs that the stored data or the source changed. */
export function announceChange(): void {
  listenForOtherTabs();
  channel?.postMessage({ type: 'changed', at: Date.now() });
}
