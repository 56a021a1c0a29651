// Waiting for a state instead of sleeping: check a condition now and after each change event,
// with a deadline as the bound (no `vscode` import, so it is tested on its own).

/** An event to listen to, such as a `vscode.Event<T>`. */
export type Changes = (listener: () => void) => { dispose(): void };

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const GLOBAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * True as soon as `holds()` is true (checked now and after every `changes` event), false when
 * `timeoutMs` passes first. A check that throws counts as not yet.
 */
export function when(holds: () => boolean, changes: Changes, timeoutMs: number, timers: Timers = GLOBAL_TIMERS): Promise<boolean> {
  const check = () => {
    try {
      return holds();
    } catch {
      return false;
    }
  };
  if (check()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const finish = (value: boolean) => {
      subscription.dispose();
      timers.clearTimeout(timer);
      resolve(value);
    };
    const subscription = changes(() => {
      if (check()) finish(true);
    });
    const timer = timers.setTimeout(() => finish(check()), timeoutMs);
  });
}
