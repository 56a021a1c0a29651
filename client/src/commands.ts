// Registers the "Walkthroughs:" commands and routes step card buttons to the tour.
import * as vscode from 'vscode';
import type { WalkthroughClient } from './languageClient';
import { applyToFolder } from './sample/applyToFolder';
import { openSample } from './sample/openSample';
import type { PracticeController } from './practice/practiceController';
import type { TourController } from './tour/tourController';
import type { CardMessage } from './views/stepCardHtml';
import type { TreeNode } from './views/walkthroughTree';
import type { WalkthroughList } from './walkthroughList';

/** Accepts an id string or a tree node (inline actions pass the node). */
function walkthroughIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'walkthrough' in arg) return (arg as TreeNode).walkthrough.id;
  return undefined;
}

export function registerCommands(
  context: vscode.ExtensionContext,
  server: WalkthroughClient,
  list: WalkthroughList,
  tour: TourController,
  practice: PracticeController,
): void {
  const register = (id: string, run: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, run));
  register('walkthroughs.start', (arg) => tour.start(walkthroughIdOf(arg)));
  // Rehearsal is a practice session over one walkthrough (spaced-repetition ratings, summary in the card).
  register('walkthroughs.rehearse', (arg) => practice.rehearse(walkthroughIdOf(arg)));
  register('walkthroughs.next', () => tour.next());
  register('walkthroughs.previous', () => tour.previous());
  register('walkthroughs.end', () => tour.end());
  register('walkthroughs.goToStep', () => tour.goToStep());
  register('walkthroughs.revealStep', () => tour.revealCurrent());
  register('walkthroughs.openStep', (walkthroughId, stepId) => {
    if (typeof walkthroughId !== 'string' || typeof stepId !== 'string') return;
    return tour.openStep(walkthroughId, stepId);
  });
  register('walkthroughs.resetProgress', (arg) => tour.resetProgress(walkthroughIdOf(arg)));
  register('walkthroughs.refresh', () => list.refresh());
  register('walkthroughs.openSample', (parent) => openSample(context, parent));
  register('walkthroughs.applyToFolder', (target) => applyToFolder(context, server, target));
}

/** What the step card's buttons and links do. */
export async function handleCardMessage(tour: TourController, message: CardMessage): Promise<void> {
  switch (message.type) {
    case 'previous':
      return tour.previous();
    case 'next':
      return tour.next();
    case 'end':
      return tour.end();
    case 'start':
      return tour.start();
    case 'reveal':
      return tour.revealCurrent();
    case 'nextWalkthrough':
      return tour.startNextWalkthrough();
    case 'openSample':
      await vscode.commands.executeCommand('walkthroughs.openSample');
      return;
    case 'openSection':
      return tour.openSection();
    case 'openLink':
      return openLink(message.href);
    case 'showAnswer':
      return tour.showAnswer();
    case 'gradeKnown':
      return tour.grade('known');
    case 'gradeReview':
      return tour.grade('review');
  }
}

/** Links from untrusted markdown: http(s) open in the browser, file: in an editor, nothing else. */
async function openLink(href: string): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return;
  }
  if (uri.scheme === 'http' || uri.scheme === 'https') {
    await vscode.env.openExternal(uri);
  } else if (uri.scheme === 'file') {
    await vscode.window.showTextDocument(uri, { preview: true });
  }
}
