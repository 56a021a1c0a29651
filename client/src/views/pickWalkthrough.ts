// The one "which walkthrough?" quick pick (start a tour, go to a step, rehearse, add a step): a row
// per walkthrough with its icon, what the caller says about it, and a detail line.
import * as vscode from 'vscode';
import type { WalkthroughSummary } from '../../../common/src/protocol';
import { plainText } from './plainText';

export interface WalkthroughPickOptions {
  title: string;
  placeHolder: string;
  /** The row's description (progress, due counts, "primary"…). */
  describe(walkthrough: WalkthroughSummary): string;
  /** The row's second line; default: the walkthrough's description as plain text. */
  detail?(walkthrough: WalkthroughSummary): string | undefined;
  /** A last row that is not a walkthrough (e.g. "New Walkthrough…"); picking it gives `'extra'`. */
  extra?: vscode.QuickPickItem;
  ignoreFocusOut?: boolean;
}

/** The primary walkthrough first, the rest in list order. */
export function primaryFirst(walkthroughs: readonly WalkthroughSummary[]): WalkthroughSummary[] {
  return [...walkthroughs].sort((a, b) => Number(b.primary) - Number(a.primary));
}

/** Asks for one of `walkthroughs` (in the order given); undefined when cancelled. */
export async function pickWalkthrough(walkthroughs: readonly WalkthroughSummary[], options: WalkthroughPickOptions): Promise<WalkthroughSummary | 'extra' | undefined> {
  type Item = vscode.QuickPickItem & { walkthrough?: WalkthroughSummary };
  // Quick picks show text verbatim: markdown in descriptions would show as `⏎` and backticks.
  const detail = options.detail ?? ((w: WalkthroughSummary) => (w.description ? plainText(w.description) : undefined));
  const items: Item[] = walkthroughs.map((walkthrough) => {
    const line = detail(walkthrough);
    return {
      walkthrough,
      label: walkthrough.title,
      iconPath: new vscode.ThemeIcon(walkthrough.primary ? 'star-full' : 'book'),
      description: options.describe(walkthrough),
      ...(line ? { detail: line } : {}),
    };
  });
  if (options.extra) items.push(options.extra);
  const picked = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: options.placeHolder, matchOnDetail: true, ...(options.ignoreFocusOut ? { ignoreFocusOut: true } : {}) });
  if (!picked) return undefined;
  return picked.walkthrough ?? 'extra';
}
