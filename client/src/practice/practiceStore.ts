// Persists the practice history in `globalState`, synced across machines (Settings Sync), and
// migrates the old per-workspace rehearsal grades into it once.
import * as vscode from 'vscode';
import { parseProgressState } from '../tour/progress';
import { addReview, cardId, mergeHistory, migrateGrades, parseHistory, removeReview, resetHistory, type CardKey, type PracticeHistory, type Review } from './history';
import { bury, parseFlags, restore, suspend, type CardFlags } from './cardFlags';
import type { Confirmations } from './confirmation';

export const PRACTICE_KEY = 'walkthroughs.practice';
const PROGRESS_KEY = 'walkthroughs.progress';
const MIGRATED_KEY = 'walkthroughs.practice.migratedGrades';
/** Steps in doubt the user confirmed ("Looks Right"), per workspace: see confirmation.ts for why here. */
export const CONFIRMED_KEY = 'walkthroughs.confirmedSteps';
/** Suspended and buried cards: synced like the reviews (see cardFlags.ts for why). */
export const FLAGS_KEY = 'walkthroughs.practice.cards';

export class PracticeStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private cache: { raw: unknown; history: PracticeHistory } | undefined;

  constructor(
    private readonly global: vscode.Memento & { setKeysForSync(keys: readonly string[]): void },
    private readonly workspace: vscode.Memento,
    private readonly now: () => number = Date.now,
  ) {
    global.setKeysForSync([PRACTICE_KEY, FLAGS_KEY]);
  }

  get history(): PracticeHistory {
    const raw = this.global.get(PRACTICE_KEY);
    if (this.cache && this.cache.raw === raw) return this.cache.history;
    const history = parseHistory(raw, this.now()).history;
    this.cache = { raw, history };
    return history;
  }

  private async save(history: PracticeHistory): Promise<void> {
    await this.global.update(PRACTICE_KEY, history);
    this.changed.fire();
  }

  /**
   * The old rehearsal grades ("Got it" / "Review again", per workspace) become reviews once per
   * workspace; the old progress stays where it was (visits and positions still use it).
   */
  async migrate(): Promise<number> {
    if (this.workspace.get(MIGRATED_KEY)) return 0;
    const migrated = migrateGrades(this.history, parseProgressState(this.workspace.get(PROGRESS_KEY)), this.now());
    if (migrated.length) await this.save(migrated.reduce(addReview, this.history));
    await this.workspace.update(MIGRATED_KEY, true);
    return migrated.length;
  }

  /** card id → fingerprint of what was confirmed (a new object after every change). */
  get confirmations(): Confirmations {
    const raw = this.workspace.get<unknown>(CONFIRMED_KEY);
    if (this.confirmedCache && this.confirmedCache.raw === raw) return this.confirmedCache.value;
    const value: Record<string, string> = {};
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
      for (const [id, print] of Object.entries(raw)) if (typeof print === 'string') value[id] = print;
    }
    this.confirmedCache = { raw, value };
    return value;
  }

  private confirmedCache: { raw: unknown; value: Confirmations } | undefined;

  async confirm(key: CardKey, print: string): Promise<void> {
    await this.confirmAll([{ key, print }]);
  }

  async confirmAll(items: ReadonlyArray<{ key: CardKey; print: string }>): Promise<void> {
    if (items.length === 0) return;
    await this.workspace.update(CONFIRMED_KEY, { ...this.confirmations, ...Object.fromEntries(items.map((i) => [cardId(i.key), i.print])) });
    this.changed.fire();
  }

  async add(review: Review): Promise<void> {
    await this.save(addReview(this.history, review));
  }

  /** Undo of a rating: takes the review back out of the history. */
  async remove(review: Review): Promise<void> {
    await this.save(removeReview(this.history, review));
  }

  private flagsCache: { raw: unknown; value: CardFlags } | undefined;

  /** Suspended and buried cards (a new object after every change). */
  get flags(): CardFlags {
    const raw = this.global.get<unknown>(FLAGS_KEY);
    if (this.flagsCache && this.flagsCache.raw === raw) return this.flagsCache.value;
    const value = parseFlags(raw);
    this.flagsCache = { raw, value };
    return value;
  }

  private async saveFlags(flags: CardFlags): Promise<void> {
    await this.global.update(FLAGS_KEY, flags);
    this.changed.fire();
  }

  async bury(key: CardKey): Promise<void> {
    await this.saveFlags(bury(this.flags, key, this.now()));
  }

  async suspend(key: CardKey): Promise<void> {
    await this.saveFlags(suspend(this.flags, key, this.now()));
  }

  /** Unsuspends (and unburies) a card. */
  async restore(key: CardKey): Promise<void> {
    await this.saveFlags(restore(this.flags, key));
  }

  async import(value: unknown): Promise<{ added: number; dropped: number; trimmed: number }> {
    const parsed = parseHistory(value, this.now());
    const merged = mergeHistory(this.history, parsed.history);
    if (merged.added) await this.save(merged.history);
    return { added: merged.added, dropped: parsed.dropped, trimmed: parsed.trimmed + merged.trimmed };
  }

  async reset(walkthroughId?: string): Promise<void> {
    await this.save(resetHistory(this.history, walkthroughId));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
