// The client's copy of `walkthroughs/list`: refreshed on start, on `walkthroughs/didChange`, after a
// server restart and on demand; the tree, quick picks and the tour read from it.
import * as vscode from 'vscode';
import type { StepSummary, WalkthroughSummary } from '../../server/src/protocol';
import type { WalkthroughClient } from './languageClient';

export class WalkthroughList implements vscode.Disposable {
  private items: WalkthroughSummary[] = [];
  private loaded = false;
  private pending: Promise<void> | undefined;
  private again = false;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly server: WalkthroughClient) {
    this.subscription = server.onDidChange(() => void this.refresh());
    void vscode.commands.executeCommand('setContext', 'walkthroughs.listLoaded', false);
  }

  get walkthroughs(): readonly WalkthroughSummary[] {
    return this.items;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  find(walkthroughId: string): WalkthroughSummary | undefined {
    return this.items.find((w) => w.id === walkthroughId);
  }

  findStep(walkthroughId: string, stepId: string): StepSummary | undefined {
    return this.find(walkthroughId)?.steps.find((s) => s.id === stepId);
  }

  primary(): WalkthroughSummary | undefined {
    return this.items.find((w) => w.primary) ?? this.items[0];
  }

  /** Fetches the list; concurrent calls coalesce into one request plus at most one follow-up. */
  refresh(): Promise<void> {
    if (this.pending) {
      this.again = true;
      return this.pending;
    }
    this.pending = (async () => {
      do {
        this.again = false;
        const result = await this.server.list();
        this.items = result.walkthroughs ?? [];
      } while (this.again);
      this.loaded = true;
      await vscode.commands.executeCommand('setContext', 'walkthroughs.hasWalkthroughs', this.items.length > 0);
      await vscode.commands.executeCommand('setContext', 'walkthroughs.listLoaded', true);
      this.changed.fire();
    })().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Resolves once the first list has arrived (or failed). */
  async ready(): Promise<void> {
    if (!this.loaded) await (this.pending ?? this.refresh());
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
