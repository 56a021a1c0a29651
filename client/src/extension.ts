// Activation (entries: main.ts, browser/main.ts): wires the language client, the views and the tour together.
import * as vscode from 'vscode';
import { startWhenNeeded, workspaceHasWalkthroughs } from './authoring/activation';
import { Authoring } from './authoring/authoring';
import { registerYamlEditing } from './authoring/yamlEditing';
import { handleCardMessage, registerCommands } from './commands';
import { StepHighlight } from './decorations';
import { initLanguage, offerReloadOnLanguageChange, plural, t } from './l10n';
import { WalkthroughClient, type ServerTransport } from './languageClient';
import { localizeLanding } from './sample/landingReport';
import { LandingView } from './sample/landingView';
import { registerPracticeCommands } from './practice/commands';
import { DueStatusBar } from './practice/dueStatusBar';
import { PracticeController } from './practice/practiceController';
import { isPracticeMessage } from './practice/practiceCardHtml';
import { PracticeStore } from './practice/practiceStore';
import { PracticeProgressView } from './practice/progressView';
import { localizePractice } from './practice/strings';
import { offerPendingSampleTour, offerPrimaryTourOnOpen } from './sample/openSample';
import { ProgressStore } from './tour/progressStore';
import { TourController } from './tour/tourController';
import { TourStatusBar } from './views/statusBar';
import { StepCardView } from './views/stepCard';
import { WalkthroughTree } from './views/walkthroughTree';
import { trackWalkthroughFiles } from './walkthroughFiles';
import { WalkthroughList } from './walkthroughList';

let server: WalkthroughClient | undefined;

/** Activation on either platform: `main.ts` (desktop) and `browser/main.ts` give the transport. */
export async function activateWith(context: vscode.ExtensionContext, transport: ServerTransport): Promise<void> {
  // First: every string below (and the language server's locale) follows walkthroughs.language.
  initLanguage(context.extensionPath);
  context.subscriptions.push(offerReloadOnLanguageChange());
  localizePractice(t, plural);
  localizeLanding(t, plural);
  context.subscriptions.push(trackWalkthroughFiles());
  const output = vscode.window.createOutputChannel('Code Walkthroughs', { log: true });
  server = new WalkthroughClient(transport, output);
  const list = new WalkthroughList(server);
  const progress = new ProgressStore(context.workspaceState);
  let tour: TourController | undefined;
  let practice: PracticeController | undefined;
  const card = new StepCardView(context.extensionUri, (message) => {
    if (isPracticeMessage(message)) void practice?.handle(message.type);
    else if (tour) void handleCardMessage(tour, message);
  });
  // The server starts once walkthroughs are about (see authoring/activation.ts); commands that
  // need it start it themselves.
  let starting: Promise<void> | undefined;
  const ensureServer = (): Promise<void> => {
    starting ??= server!.start().then(
      () => list.refresh(),
      (error: unknown) => output.error(`The language server failed to start: ${error instanceof Error ? error.message : String(error)}`),
    );
    return starting;
  };
  server.startOnDemand = ensureServer;
  const authoring = new Authoring(context, server, list, ensureServer);
  const tree = new WalkthroughTree(list, progress, authoring);
  const statusBar = new TourStatusBar();
  const highlight = new StepHighlight(context.extensionUri);
  tour = new TourController(server, list, progress, { card, tree, statusBar, highlight });
  const practiceStore = new PracticeStore(context.globalState, context.workspaceState);
  practice = new PracticeController(server, list, practiceStore, card, highlight, tour);
  const practiceView = new PracticeProgressView(context.extensionUri, list, practiceStore, practice, (type) => {
    if (type === 'practiceDue') void practice?.practiceDue();
    else void vscode.commands.executeCommand(type === 'progressExport' ? 'walkthroughs.exportPracticeHistory' : 'walkthroughs.importPracticeHistory');
  });
  const dueStatus = new DueStatusBar(practice);
  server.quietCodeHovers = () => practice?.practising ?? false;
  server.quietCodeLenses = () => practice?.practising ?? false;
  tree.practice = {
    hideTitles: () => practice?.practising ?? false,
    dueCount: (id) => practice?.dueCount(id) ?? 0,
    newCount: (id) => practice?.newCount(id) ?? 0,
    stepNote: (walkthroughId, stepId) => practice?.stepNote(walkthroughId, stepId) ?? '',
    waits: (walkthroughId, stepId) => practice?.waits(walkthroughId, stepId) ?? false,
    onDidChange: practice.onDidChange,
  };
  // The language client itself is stopped in deactivate(), which VS Code awaits.
  const landing = new LandingView(list);
  context.subscriptions.push(output, list, progress, card, tree, statusBar, highlight, tour, landing, practiceStore, practice, practiceView, dueStatus);
  registerCommands(context, server, list, tour, landing, card, practice);
  registerPracticeCommands(context, list, practiceStore, practice, practiceView);
  void practiceStore.migrate();
  authoring.register(tour, tree);
  context.subscriptions.push(authoring, registerYamlEditing());

  // A virtual workspace (github.dev's `vscode-vfs:`, an extension's `memfs:`) may have no search
  // provider, and then `findFiles` never answers: there the server starts at once and looks itself.
  const virtual = (vscode.workspace.workspaceFolders ?? []).some((folder) => folder.uri.scheme !== 'file');
  if (tree.view.visible || virtual || (await workspaceHasWalkthroughs())) {
    await ensureServer();
  } else {
    // Activated by a YAML file or a command in a workspace without walkthroughs: wait for one.
    await vscode.commands.executeCommand('setContext', 'walkthroughs.listLoaded', true);
    const waiting = startWhenNeeded(() => {
      waiting.dispose();
      void ensureServer();
    }, (listener) => tree.view.onDidChangeVisibility((e) => e.visible && listener(e)));
    context.subscriptions.push(waiting);
    return;
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
