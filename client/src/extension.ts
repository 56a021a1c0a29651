// Activation (entries: main.ts, browser/main.ts): wires the language client, the views and the tour together.
import * as vscode from 'vscode';
import { startWhenNeeded, workspaceHasWalkthroughs } from './authoring/activation';
import { Authoring } from './authoring/authoring';
import { StepMover } from './authoring/dragAndDrop';
import { WalkthroughEdits } from './authoring/edits';
import { registerYamlEditing } from './authoring/yamlEditing';
import { registerCommandTables } from './commandTable';
import { handleCardMessage, walkthroughCommands } from './commands';
import { StepHighlight } from './decorations';
import { initLanguage, offerReloadOnLanguageChange, plural, t } from './l10n';
import { WalkthroughClient, type ServerTransport } from './languageClient';
import { localizeLanding } from './sample/landingReport';
import { LandingView } from './sample/landingView';
import { practiceCommands } from './practice/commands';
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

  // Built in dependency order, each with what it uses; events carry what flows back (the tour's
  // current step to the tree, card buttons to the tour and practice). The language client itself
  // is stopped in deactivate(), which VS Code awaits.
  const client = (server = new WalkthroughClient(transport, output));
  const list = new WalkthroughList(client);
  const progress = new ProgressStore(context.workspaceState);
  const practiceStore = new PracticeStore(context.globalState, context.workspaceState);
  const card = new StepCardView(context.extensionUri);
  const statusBar = new TourStatusBar();
  const highlight = new StepHighlight(context.extensionUri);
  const tour = new TourController(client, list, progress, { card, statusBar, highlight });
  const practice = new PracticeController(client, list, practiceStore, card, highlight, tour);
  const edits = new WalkthroughEdits(client, list);
  const tree = new WalkthroughTree(list, progress, {
    practice: {
      hideTitles: () => practice.practising,
      dueCount: (id) => practice.dueCount(id),
      newCount: (id) => practice.newCount(id),
      stepNote: (walkthroughId, stepId) => practice.stepNote(walkthroughId, stepId),
      waits: (walkthroughId, stepId) => practice.waits(walkthroughId, stepId),
      onDidChange: practice.onDidChange,
    },
    tour,
    dragAndDrop: new StepMover(edits),
  });
  const authoring = new Authoring({ context, server: client, list, edits, tour, tree });
  const practiceView = new PracticeProgressView(context.extensionUri, list, practiceStore, practice, (type) => {
    if (type === 'practiceDue') void practice.practiceDue();
    else void vscode.commands.executeCommand(type === 'progressExport' ? 'walkthroughs.exportPracticeHistory' : 'walkthroughs.importPracticeHistory');
  });
  const dueStatus = new DueStatusBar(practice);
  const landing = new LandingView(list);
  context.subscriptions.push(
    output, list, progress, card, tree, statusBar, highlight, tour, landing, practiceStore, practice, practiceView, dueStatus, authoring,
    card.onDidReceiveMessage((message) => {
      if (isPracticeMessage(message)) void practice.handle(message.type);
      else void handleCardMessage(tour, message);
    }),
    registerCommandTables([
      walkthroughCommands({ context, server: client, list, tour, landing, card, practice }),
      practiceCommands(list, practiceStore, practice, practiceView),
      authoring.commands(),
    ]),
    registerYamlEditing(),
  );
  void practiceStore.migrate();

  // The server starts once walkthroughs are about (see authoring/activation.ts); commands that
  // need it start it themselves.
  const ensureServer = () => client.ensureStarted();
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
      (id) => tour.start(id),
    );
    if (!offered) await offerPrimaryTourOnOpen(list, (id) => tour.start(id));
  });
}

export async function deactivate(): Promise<void> {
  await server?.dispose();
  server = undefined;
}
