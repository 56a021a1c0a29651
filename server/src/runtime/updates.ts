/** Who wants to hear that walkthroughs may have changed (diagnostics, the list, CodeLens refresh). */
import { describeError, type Logger } from './log';

export type UpdateListener = (affected: string[]) => void;

export class UpdateListeners {
  private readonly listeners: UpdateListener[] = [];

  constructor(private readonly logger: Logger) {}

  add(listener: UpdateListener): { dispose(): void } {
    this.listeners.push(listener);
    return {
      dispose: () => {
        const at = this.listeners.indexOf(listener);
        if (at >= 0) this.listeners.splice(at, 1);
      },
    };
  }

  /** Tells every listener; one that throws does not keep the others from hearing it. */
  fire(affected: string[]): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(affected);
      } catch (error) {
        this.logger.error(`[update listener] ${describeError(error)}`);
      }
    }
  }
}
