/**
 * One queue for every engine mutation (load, overlays, watched files): jobs run one after
 * another, so a request never sees a half-applied change. A job returns the walkthrough files
 * it may have changed; those are handed to `onDone`. A failing job is logged, never fatal.
 */
import { describeError, type Logger } from './log';

/** What a waiting request can be cancelled by (an LSP CancellationToken fits). */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

/** Thrown when a cancelled request stops waiting; the server answers it `RequestCancelled`. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfCancelled(token: Cancellation | undefined): void {
  if (token?.isCancellationRequested) throw new CancelledError();
}

/** `promise`, or a CancelledError as soon as `token` is cancelled (the work behind it goes on). */
export function unlessCancelled<T>(promise: Promise<T>, token: Cancellation | undefined): Promise<T> {
  if (!token) return promise;
  throwIfCancelled(token);
  return new Promise<T>((resolve, reject) => {
    const subscription = token.onCancellationRequested(() => {
      subscription.dispose();
      reject(new CancelledError());
    });
    promise.then(
      (value) => {
        subscription.dispose();
        resolve(value);
      },
      (error: unknown) => {
        subscription.dispose();
        reject(error);
      },
    );
  });
}

export class JobQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly logger: Logger,
    private readonly onDone: (affected: string[]) => void,
  ) {}

  run(what: string, job: () => Promise<string[] | void>): Promise<void> {
    const run = this.tail.then(async () => {
      try {
        const affected = (await job()) ?? [];
        if (affected.length > 0) this.onDone(affected);
      } catch (error) {
        this.logger.error(`[${what}] ${describeError(error)}`);
      }
    });
    this.tail = run;
    return run;
  }

  /** Resolves once every job queued so far has run; rejects with CancelledError when cancelled first. */
  idle(token?: Cancellation): Promise<void> {
    return unlessCancelled(this.tail, token);
  }
}
