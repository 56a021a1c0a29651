// Persists tour progress (visited steps, last position per walkthrough) in the workspace state.
import * as vscode from 'vscode';
import {
  markVisited,
  parseProgressState,
  resetProgress,
  type ProgressState,
  type WalkthroughProgress,
} from './progress';

const KEY = 'walkthroughs.progress';

export class ProgressStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  private get state(): ProgressState {
    return parseProgressState(this.memento.get(KEY));
  }

  get(walkthroughId: string): WalkthroughProgress | undefined {
    return this.state[walkthroughId];
  }

  async visit(walkthroughId: string, stepId: string): Promise<void> {
    await this.memento.update(KEY, markVisited(this.state, walkthroughId, stepId));
    this.changed.fire();
  }

  /** Resets one walkthrough, or all of them when `walkthroughId` is undefined. */
  async reset(walkthroughId?: string): Promise<void> {
    await this.memento.update(KEY, resetProgress(this.state, walkthroughId));
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
