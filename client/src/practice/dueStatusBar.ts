// The status bar item "$(mortar-board) 7 due · 20 new" (click: Practice Due Questions); during a
// session it shows the position instead ("Practice 2 of 5"). Hidden when there is nothing to
// practise. Due and new come from the controller's one count (schedule.ts's `practiceToday`).
import * as vscode from 'vscode';
import type { PracticeController } from './practiceController';
import { S } from './strings';

export class DueStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('walkthroughs.practiceDue', vscode.StatusBarAlignment.Left, 49);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly practice: PracticeController) {
    this.item.name = S.statusBarName;
    this.subscription = practice.onDidChange(() => this.update());
    this.update();
  }

  private update(): void {
    const session = this.practice.sessionStatus;
    const { due: dueCards, fresh } = this.practice.today();
    const due = dueCards.length;
    const fresh_ = fresh.length;
    const waiting = this.practice.waitingCount();
    if (session) {
      this.item.text = `$(mortar-board) ${session}`;
      this.item.tooltip = S.sessionTooltip;
      this.item.command = 'walkthroughs.stepCard.focus';
      this.item.show();
      return;
    }
    if (due === 0 && fresh_ === 0 && waiting === 0) {
      this.item.hide();
      return;
    }
    // The due count says how many steps wait for confirmation too: they are not in it.
    // "3 due · 20 new": the due number first (also "0 due" when only new ones wait, so it is never missing).
    const parts = [S.dueStatus(due), ...(fresh_ ? [S.newStatus(fresh_)] : []), ...(waiting ? [S.waitingStatus(waiting)] : [])];
    this.item.text = `$(mortar-board) ${parts.join(' · ')}`;
    this.item.tooltip = S.dueTooltip(due) + (fresh_ ? `\n${S.newTooltip(fresh_)}` : '') + (waiting ? `\n${S.waitingTooltip(waiting)}` : '');
    this.item.command = 'walkthroughs.practiceDue';
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
