// The client's copy of `walkthroughs/list`: fetched whole on start, after a server restart and on
// demand; on `walkthroughs/didChange` only the walkthroughs it names are refetched and replaced
// in place (or removed). The tree, quick picks and the tour read from it. A CodeTour tour that a
// listed walkthrough was converted from is left out (convertedTours.ts) unless the setting
// `walkthroughs.codeTour.showConvertedTours` asks for both.
import * as vscode from 'vscode';
import { ListWalkthroughsRequest, type DidChangeWalkthroughsParams, type StepSummary, type WalkthroughSummary } from '../../common/src/protocol';
import type { WalkthroughClient } from './languageClient';
import { merge } from './listMerge';
import { sameUri } from './uris';
import { Rerun } from './rerun';
import { when } from './when';
import { hideConvertedSources } from './convertedTours';

const SHOW_CONVERTED = 'codeTour.showConvertedTours';

export class WalkthroughList implements vscode.Disposable {
  private items: WalkthroughSummary[] = [];
  private loaded = false;
  private failure: string | undefined;
  /** Fetch rounds, one at a time; a change that arrives during a round gets one more. */
  private readonly rounds = new Rerun(() => this.drain());
  /** What the next round fetches: everything, or these walkthroughs (URIs) and removals. */
  private wantAll = false;
  private readonly wantChanged = new Set<string>();
  private readonly wantRemoved = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;
  private readonly settingWatch: vscode.Disposable;
  private visible: readonly WalkthroughSummary[] = [];

  constructor(private readonly server: WalkthroughClient) {
    this.subscription = server.onDidChange((change) => void this.update(change));
    this.settingWatch = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`walkthroughs.${SHOW_CONVERTED}`)) return;
      this.filter();
      this.changed.fire();
    });
    void vscode.commands.executeCommand('setContext', 'walkthroughs.listLoaded', false);
  }

  /** The walkthroughs to show: converted tours' sources left out (see convertedTours.ts). */
  get walkthroughs(): readonly WalkthroughSummary[] {
    return this.visible;
  }

  private filter(): void {
    this.visible = hideConvertedSources(this.items, vscode.workspace.getConfiguration('walkthroughs').get<boolean>(SHOW_CONVERTED, false));
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Why the last fetch failed (the server's message), or undefined when it succeeded. */
  get error(): string | undefined {
    return this.failure;
  }

  find(walkthroughId: string): WalkthroughSummary | undefined {
    return this.items.find((w) => w.id === walkthroughId);
  }

  findStep(walkthroughId: string, stepId: string): StepSummary | undefined {
    return this.find(walkthroughId)?.steps.find((s) => s.id === stepId);
  }

  /** The walkthrough of this YAML (or tour) file. */
  findByUri(uri: string): WalkthroughSummary | undefined {
    return this.items.find((w) => sameUri(w.uri, uri));
  }

  primary(): WalkthroughSummary | undefined {
    return this.visible.find((w) => w.primary) ?? this.visible[0];
  }

  /** Fetches the whole list; concurrent calls coalesce into one request plus at most one follow-up. */
  refresh(): Promise<void> {
    return this.update(undefined);
  }

  /** Applies a `walkthroughs/didChange` (undefined or `full`: refetch everything). */
  private update(change: DidChangeWalkthroughsParams | undefined): Promise<void> {
    // After a failed fetch the list may be stale anywhere: the next round fetches it whole.
    if (!change || this.failure !== undefined || change.full || !Array.isArray(change.changed) || !Array.isArray(change.removed)) this.wantAll = true;
    else {
      for (const uri of change.changed) this.wantChanged.add(uri);
      for (const uri of change.removed) this.wantRemoved.add(uri);
    }
    return this.rounds.request();
  }

  private async drain(): Promise<void> {
    while (this.wantAll || this.wantChanged.size > 0 || this.wantRemoved.size > 0) {
      const all = this.wantAll || !this.loaded;
      const changed = [...this.wantChanged];
      const removed = new Set(this.wantRemoved);
      this.wantAll = false;
      this.wantChanged.clear();
      this.wantRemoved.clear();
      if (!all && changed.length === 0) {
        this.items = this.items.filter((w) => !removed.has(w.uri));
        this.filter();
        continue;
      }
      const answer = await this.server.attempt(ListWalkthroughsRequest, all ? {} : { uris: changed });
      if ('error' in answer) {
        // Keep what was shown; say why it may be out of date. A later change or refresh retries everything.
        this.failure = answer.error;
        break;
      }
      this.failure = undefined;
      if (all) this.items = answer.result.walkthroughs ?? [];
      else this.items = merge(this.items, answer.result.walkthroughs ?? [], changed, removed);
    }
    this.loaded = true;
    this.filter();
    await vscode.commands.executeCommand('setContext', 'walkthroughs.hasWalkthroughs', this.items.length > 0);
    await vscode.commands.executeCommand('setContext', 'walkthroughs.listLoaded', true);
    this.changed.fire();
  }

  /**
   * Resolves true once `holds()` is true of the list, e.g. a file just written is listed: the server
   * announces it (`walkthroughs/didChange`) when its watcher or the open document tells it. After
   * `timeoutMs` without that, one more fetch decides (a notification may have been lost).
   */
  async waitFor(holds: (list: this) => boolean, timeoutMs: number): Promise<boolean> {
    if (await when(() => holds(this), this.onDidChange, timeoutMs)) return true;
    await this.refresh();
    return holds(this);
  }

  /** Resolves once the first list has arrived (or failed). */
  async ready(): Promise<void> {
    if (!this.loaded) await this.rounds.settled();
  }

  dispose(): void {
    this.subscription.dispose();
    this.settingWatch.dispose();
    this.changed.dispose();
  }
}
