// Persists the practice history in `globalState`, synced across machines (Settings Sync), and
// migrates the old per-workspace rehearsal grades into it once.
import * as vscode from 'vscode';
import { parseProgressState } from '../tour/progress';
import { addReview, mergeHistory, migrateGrades, parseHistory, resetHistory, type PracticeHistory, type Review } from './history';

export const PRACTICE_KEY = 'walkthroughs.practice';
const PROGRESS_KEY = 'walkthroughs.progress';
const MIGRATED_KEY = 'walkthroughs.practice.migratedGrades';

export class PracticeStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private cache: { raw: unknown; history: PracticeHistory } | undefined;

  constructor(
    private readonly global: vscode.Memento & { setKeysForSync(keys: readonly string[]): void },
    private readonly workspace: vscode.Memento,
    private readonly now: () => number = Date.now,
  ) {
    global.setKeysForSync([PRACTICE_KEY]);
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

  async add(review: Review): Promise<void> {
    await this.save(addReview(this.history, review));
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
