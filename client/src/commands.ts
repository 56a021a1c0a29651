// The tour's, sample's, memo import's and export's "Walkthroughs:" commands (as a table, see
// commandTable.ts), and where step card buttons go.
import * as vscode from 'vscode';
import { convertAndExportCommands } from './codetour/convertAndExport';
import { walkthroughIdOf } from './commandArgs';
import type { CommandTable } from './commandTable';
import { reviewCommands } from './review/reviewCommand';
import { t } from './l10n';
import type { WalkthroughClient } from './languageClient';
import { importMemo, PREVIEW_SCHEME, PreviewProvider } from './memo/importMemo';
import { ImportReview } from './memo/importReview';
import { applyToFolder, goToClosestMatch, openClosest, startLanded, useThisLocation, writeLanding, type LandingDeps } from './sample/applyToFolder';
import { LandingPanel } from './sample/landingPanel';
import { SHOW_REPORT_COMMAND, type LandingView } from './sample/landingView';
import { openSample } from './sample/openSample';
import type { PracticeController } from './practice/practiceController';
import type { TourController } from './tour/tourController';
import type { StepCardView } from './views/stepCard';
import type { CardMessage } from './views/stepCardHtml';
import type { WalkthroughList } from './walkthroughList';

export interface CommandDeps {
  context: vscode.ExtensionContext;
  server: WalkthroughClient;
  list: WalkthroughList;
  tour: TourController;
  landing: LandingView;
  card: StepCardView;
  practice: PracticeController;
}

/** The commands; what they need to keep (the memo import's preview provider and review panel) goes to `context.subscriptions`. */
export function walkthroughCommands({ context, server, list, tour, landing, card, practice }: CommandDeps): CommandTable {
  const previews = new PreviewProvider();
  const review = new ImportReview(context.extensionUri);
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews), review);
  const landingDeps: LandingDeps = { context, server, list, view: landing, practice };
  landingDeps.panel = new LandingPanel(context.extensionUri, landing, {
    write: () => writeLanding(landingDeps),
    start: () => startLanded(landingDeps),
    open: (walkthroughId, stepId) => openClosest(landingDeps, walkthroughId, stepId, vscode.ViewColumn.Beside),
    useLocation: (walkthroughId, stepId) => useThisLocation(landingDeps, walkthroughId, stepId),
    confirm: async (walkthroughId, stepIds) => {
      let count = 0;
      for (const stepId of stepIds) if (await practice.confirm(walkthroughId, stepId)) count++;
      return count;
    },
    waits: (walkthroughId, stepId) => practice.waits(walkthroughId, stepId),
    onDidChange: practice.onDidChange,
  });
  context.subscriptions.push(landingDeps.panel);
  return {
    'walkthroughs.start': (arg) => tour.start(walkthroughIdOf(arg)),
    // Rehearsal is a practice session over one walkthrough (spaced-repetition ratings, summary in the card).
    'walkthroughs.rehearse': (arg) => practice.rehearse(walkthroughIdOf(arg)),
    'walkthroughs.next': () => tour.next(),
    'walkthroughs.previous': () => tour.previous(),
    'walkthroughs.end': () => tour.end(),
    'walkthroughs.goToStep': () => tour.goToStep(),
    'walkthroughs.revealStep': () => tour.revealCurrent(),
    'walkthroughs.openStep': (walkthroughId, stepId) => {
      if (typeof walkthroughId !== 'string' || typeof stepId !== 'string') return;
      return tour.openStep(walkthroughId, stepId);
    },
    'walkthroughs.chooseStep': (steps) => {
      if (!Array.isArray(steps)) return;
      const pairs = steps.filter((p): p is [string, string] => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string');
      return tour.chooseStep(pairs);
    },
    'walkthroughs.resetProgress': (arg) => tour.resetProgress(walkthroughIdOf(arg)),
    'walkthroughs.refresh': () => list.refresh(),
    'walkthroughs.openCardInEditor': () => card.openInEditor(),
    'walkthroughs.openSample': (parent) => openSample(context, parent),
    [SHOW_REPORT_COMMAND]: () => landingDeps.panel?.show(),
    'walkthroughs.applyToFolder': (target, options) => applyToFolder(landingDeps, target, options),
    'walkthroughs.writeLanding': () => writeLanding(landingDeps),
    'walkthroughs.goToClosestMatch': (...args) => goToClosestMatch(landingDeps, ...args),
    'walkthroughs.useThisLocation': (...args) => useThisLocation(landingDeps, ...args),
    'walkthroughs.importMemo': (memo) => importMemo(server, list, previews, review, (id) => tour.start(id), memo),
    ...convertAndExportCommands(server, list),
    ...reviewCommands(server, list),
  };
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
    case 'openInEditor':
      await vscode.commands.executeCommand('walkthroughs.openCardInEditor');
      return;
    case 'nextWalkthrough':
      return tour.startNextWalkthrough();
    case 'openSample':
      await vscode.commands.executeCommand('walkthroughs.openSample');
      return;
    case 'openSection':
      return tour.openSection();
    case 'openLink':
      return openLink(message.href);
    case 'looksRight': {
      const active = tour.active;
      if (active) await vscode.commands.executeCommand('walkthroughs.confirmStep', active.walkthroughId, active.stepId);
      return;
    }
    case 'closestMatch':
    case 'useLocation': {
      const active = tour.active;
      if (!active) return;
      await vscode.commands.executeCommand(message.type === 'closestMatch' ? 'walkthroughs.goToClosestMatch' : 'walkthroughs.useThisLocation', active.walkthroughId, active.stepId);
      return;
    }
  }
}

const CANNOT_OPEN = (file: string) => t('Cannot open {0}.', file);

/**
 * Links from untrusted markdown: http(s) open in the browser, file: in an editor (at the line of a
 * `#L56` / `#L56-L60` fragment, which the server puts on code links it resolved), nothing else.
 * A file that cannot be opened is reported, never left as an unhandled rejection.
 */
export async function openLink(href: string): Promise<void> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return;
  }
  if (uri.scheme === 'http' || uri.scheme === 'https') {
    await vscode.env.openExternal(uri);
  } else if (uri.scheme === 'file') {
    const lines = /^L?(\d+)(?:-L?(\d+))?/i.exec(uri.fragment);
    const file = uri.with({ fragment: '', query: '' });
    const selection = lines ? new vscode.Range(Number(lines[1]) - 1, 0, Number(lines[2] ?? lines[1]) - 1, 0) : undefined;
    try {
      await vscode.window.showTextDocument(file, { preview: true, ...(selection ? { selection: new vscode.Selection(selection.start, selection.start) } : {}) });
    } catch {
      void vscode.window.showWarningMessage(CANNOT_OPEN(vscode.workspace.asRelativePath(file, false)));
    }
  }
}
