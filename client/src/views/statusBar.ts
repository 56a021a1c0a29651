// Status bar item shown while a tour runs: "$(book) <walkthrough> 3/6"; a click reveals the step.
import * as vscode from 'vscode';
import { t } from '../l10n';

export class TourStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('walkthroughs.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = t('Walkthrough Progress');
    this.item.command = 'walkthroughs.revealStep';
  }

  show(walkthroughTitle: string, stepTitle: string, position: number, total: number): void {
    this.item.text = `$(book) ${walkthroughTitle.replace(/\$\(/g, '$\u200b(')} ${position}/${total}`;
    this.item.tooltip = new vscode.MarkdownString(undefined, false);
    const where = t('{0} — step {1} of {2}: {3}', walkthroughTitle, position, total, stepTitle);
    this.item.tooltip.appendText(`${where}\n\n${t('Click to reveal the current step.')}`);
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
