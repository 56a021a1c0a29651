/**
 * Editor buffers: which ones differ from the disk (overlays) and the edits still waiting for the
 * typing pause (debounced). Every engine change goes through the job queue; `applyPending`
 * hands waiting edits to it at once (a request must see every keystroke made before it).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { WalkthroughEngine } from '../core/engine';
import type { JobQueue } from './jobQueue';

/** The clock, injectable so tests can drive the debounce and the expiry of caches. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds since the epoch, as Date.now (the default when absent). */
  now?(): number;
}

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  now: () => Date.now(),
};

export class OpenDocuments {
  private readonly pending = new Map<string, { timer: unknown; document: TextDocument }>();
  private readonly overlaid = new Set<string>();

  constructor(
    private readonly engine: WalkthroughEngine,
    private readonly queue: JobQueue,
    private readonly debounceMs: number,
    private readonly timers: Timers = systemTimers,
  ) {}

  /** A buffer opened: an overlay only when it differs from the disk and some walkthrough cares. */
  opened(file: string, document: TextDocument): void {
    void this.queue.run(`open ${file}`, async () => {
      // A file no walkthrough depends on needs an overlay only once it is edited.
      if (!this.engine.isWalkthrough(file) && this.engine.dependents(file).length === 0) return [];
      // Most files open as they are on disk: no overlay, nothing to re-resolve.
      const onDisk = await this.engine.readText(file);
      if (onDisk.kind === 'text' && onDisk.text === document.getText() && !this.overlaid.has(file)) return [];
      this.overlaid.add(file);
      return this.engine.setOverlay(file, document.getText());
    });
  }

  /** A keystroke: re-resolve after the pause (or earlier, when a request flushes). */
  changed(file: string, document: TextDocument): void {
    const previous = this.pending.get(file);
    if (previous) this.timers.clearTimeout(previous.timer);
    const timer = this.timers.setTimeout(() => this.apply(file), this.debounceMs);
    this.pending.set(file, { timer, document });
  }

  closed(file: string): void {
    const previous = this.pending.get(file);
    if (previous) this.timers.clearTimeout(previous.timer);
    this.pending.delete(file);
    if (!this.overlaid.has(file)) return;
    this.overlaid.delete(file);
    void this.queue.run(`close ${file}`, () => this.engine.closeOverlay(file));
  }

  /** Queues every waiting edit now. */
  applyPending(): void {
    for (const file of [...this.pending.keys()]) this.apply(file);
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  private apply(file: string): void {
    const entry = this.pending.get(file);
    if (!entry) return;
    this.timers.clearTimeout(entry.timer);
    this.pending.delete(file);
    void this.queue.run(`change ${file}`, () => {
      this.overlaid.add(file);
      return this.engine.setOverlay(file, entry.document.getText());
    });
  }
}
