// Entry point: wires the language client, the views and the tour together.
import * as vscode from 'vscode';
import { handleCardMessage, registerCommands } from './commands';
import { StepHighlight } from './decorations';
import { WalkthroughClient } from './languageClient';
import { registerPracticeCommands } from './practice/commands';
import { DueStatusBar } from './practice/dueStatusBar';
import { PracticeController } from './practice/practiceController';
import { isPracticeMessage } from './practice/practiceCardHtml';
import { PracticeStore } from './practice/practiceStore';
import { PracticeProgressView } from './practice/progressView';
import { offerPendingSampleTour } from './sample/openSample';
import { ProgressStore } from './tour/progressStore';
import { TourController } from './tour/tourController';
import { TourStatusBar } from './views/statusBar';
import { StepCardView } from './views/stepCard';
import { WalkthroughTree } from './views/walkthroughTree';
import { WalkthroughList } from './walkthroughList';

let server: WalkthroughClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Code Walkthroughs', { log: true });
  server = new WalkthroughClient(context, output);
  const list = new WalkthroughList(server);
  const progress = new ProgressStore(context.workspaceState);
  let tour: TourController | undefined;
  let practice: PracticeController | undefined;
  const card = new StepCardView(context.extensionUri, (message) => {
    if (isPracticeMessage(message)) void practice?.handle(message.type);
    else if (tour) void handleCardMessage(tour, message);
  });
  const tree = new WalkthroughTree(list, progress);
  const statusBar = new TourStatusBar();
  const highlight = new StepHighlight(context.extensionUri);
  tour = new TourController(server, list, progress, { card, tree, statusBar, highlight });
  const practiceStore = new PracticeStore(context.globalState, context.workspaceState);
  practice = new PracticeController(server, list, practiceStore, card, highlight, tour);
  const practiceView = new PracticeProgressView(context.extensionUri, list, practiceStore, (type) => {
    if (type === 'practiceDue') void practice?.practiceDue();
    else void vscode.commands.executeCommand(type === 'progressExport' ? 'walkthroughs.exportPracticeHistory' : 'walkthroughs.importPracticeHistory');
  });
  const dueStatus = new DueStatusBar(practice);
  const quiet = () => (tour?.rehearsing ?? false) || (practice?.practising ?? false);
  server.quietCodeHovers = quiet;
  server.quietCodeLenses = () => practice?.practising ?? false;
  tree.practice = {
    hideTitles: () => practice?.practising ?? false,
    dueCount: (id) => practice?.dueCount(id) ?? 0,
    stepNote: (walkthroughId, stepId) => practice?.stepNote(walkthroughId, stepId) ?? '',
    onDidChange: practice.onDidChange,
  };
  // The language client itself is stopped in deactivate(), which VS Code awaits.
  context.subscriptions.push(output, list, progress, card, tree, statusBar, highlight, tour, practiceStore, practice, practiceView, dueStatus);
  registerCommands(context, server, list, tour, practice);
  registerPracticeCommands(context, list, practiceStore, practice, practiceView);
  void practiceStore.migrate();

  try {
    await server.start();
  } catch (error) {
    output.error(`The language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  void list.refresh().then(() =>
    offerPendingSampleTour(
      context,
      async () => list.primary(),
      (id) => tour!.start(id),
    ),
  );
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
