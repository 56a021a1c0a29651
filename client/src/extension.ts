// Entry point: wires the language client, the views and the tour together.
import * as vscode from 'vscode';
import { handleCardMessage, registerCommands } from './commands';
import { StepHighlight } from './decorations';
import { WalkthroughClient } from './languageClient';
import { offerPendingSampleTour, offerPrimaryTourOnOpen } from './sample/openSample';
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
  const card = new StepCardView(context.extensionUri, (message) => {
    if (tour) void handleCardMessage(tour, message);
  });
  const tree = new WalkthroughTree(list, progress);
  const statusBar = new TourStatusBar();
  const highlight = new StepHighlight(context.extensionUri);
  tour = new TourController(server, list, progress, { card, tree, statusBar, highlight });
  server.quietCodeHovers = () => tour?.rehearsing ?? false;
  // The language client itself is stopped in deactivate(), which VS Code awaits.
  context.subscriptions.push(output, list, progress, card, tree, statusBar, highlight, tour);
  registerCommands(context, server, list, tour, card);

  try {
    await server.start();
  } catch (error) {
    output.error(`The language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
  }
  void list.refresh().then(async () => {
    const offered = await offerPendingSampleTour(
      context,
      async () => list.primary(),
      (id) => tour!.start(id),
    );
    if (!offered) await offerPrimaryTourOnOpen(list, (id) => tour!.start(id));
  });
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
