// Starts the Code Walkthroughs language server (dist/server.js) and wraps the custom protocol.
// CodeLens, hovers, diagnostics and authoring features come straight from the server; the client
// only limits trusted hover links to this extension's own commands and honours the on/off settings.
import * as vscode from 'vscode';
import { CodeLensRequest, State, type BaseLanguageClient, type DocumentSelector, type LanguageClientOptions } from 'vscode-languageclient';
import {
  ApplyToFolderRequest,
  ClientCommands,
  DidChangeWalkthroughsNotification,
  ImportMemoRequest,
  ListWalkthroughsRequest,
  SetActiveTourNotification,
  StepContentRequest,
  type ApplyToFolderParams,
  type ApplyToFolderResult,
  type DidChangeWalkthroughsParams,
  type ImportMemoParams,
  type ImportMemoResult,
  type InitializationOptions,
  type ListWalkthroughsParams,
  type ListWalkthroughsResult,
  type SetActiveTourParams,
  type StepContentParams,
  type StepContentResult,
} from '../../server/src/protocol';
import { ReviewRequest, type ReviewParams, type ReviewResult } from '../../server/src/protocol';
import { ConvertTourRequest, ExportAnkiRequest, ExportWalkthroughRequest, type ConvertTourParams, type ConvertTourResult, type ExportAnkiParams, type ExportAnkiResult, type ExportWalkthroughParams, type ExportWalkthroughResult } from '../../server/src/protocol';
import { t, uiLanguage } from './l10n';
import { isWalkthroughUri } from './walkthroughFiles';

/** Commands a hover's `command:` links may run; everything else stays inert. */
export const TRUSTED_COMMANDS: readonly string[] = [ClientCommands.openStep, ClientCommands.start];
const trust = { enabledCommands: TRUSTED_COMMANDS };

function settings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('walkthroughs');
  return {
    files: config.get<string[]>('files'),
    codeLens: { enabled: config.get<boolean>('codeLens.enabled', true), mode: config.get<string>('codeLens.mode', 'summary') },
    hover: { enabled: config.get<boolean>('hover.enabled', true) },
  };
}

function enabled(document: vscode.TextDocument, key: 'codeLens.enabled' | 'hover.enabled'): boolean {
  // Authoring features on walkthrough files stay on; the settings are about code and memo files.
  if (isWalkthroughUri(document.uri)) return true;
  return vscode.workspace.getConfiguration('walkthroughs', document).get<boolean>(key, true);
}

/** Re-marks hover markdown so only our own commands are trusted, whatever the converter did. */
function restrictTrust(hover: vscode.Hover | null | undefined): vscode.Hover | null | undefined {
  if (!hover) return hover;
  for (const content of hover.contents) {
    if (content instanceof vscode.MarkdownString) {
      content.isTrusted = trust;
      content.supportHtml = false;
    }
  }
  return hover;
}

/**
 * How the language server runs: a Node process on the desktop (nodeClient.ts), inside the
 * extension's own web worker in the browser (browser/browserClient.ts).
 */
export interface ServerTransport {
  /** The documents the server is told about. */
  readonly documentSelector: DocumentSelector;
  createClient(id: string, name: string, options: LanguageClientOptions): BaseLanguageClient;
}

export class WalkthroughClient implements vscode.Disposable {
  readonly client: BaseLanguageClient;
  private readonly changed = new vscode.EventEmitter<DidChangeWalkthroughsParams | undefined>();
  /** Fires on `walkthroughs/didChange` (what changed) and with undefined whenever the server (re)starts (everything). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  /** Asked before each hover on code; practice keeps hovers quiet (they give the answers away). */
  quietCodeHovers: () => boolean = () => false;
  private activeTour: string | undefined;
  /** Asked before CodeLens on code and memo files; practice hides them (their titles give answers away). */
  quietCodeLenses: () => boolean = () => false;

  constructor(transport: ServerTransport, readonly output: vscode.LogOutputChannel) {
    const clientOptions: LanguageClientOptions = {
      // Every file of the workspace: code, memos and walkthroughs alike (which are walkthroughs is
      // the server's decision, core/walkthroughFiles.ts, following `walkthroughs.files`).
      documentSelector: transport.documentSelector,
      // The server registers its own file watchers and its `walkthroughs` configuration section
      // dynamically (workspace/didChangeWatchedFiles, workspace/configuration).
      initializationOptions: (): InitializationOptions & { settings: Record<string, unknown> } => ({
        codicons: true,
        // The extension's language (walkthroughs.language), which may differ from VS Code's
        // display language that vscode-languageclient sends as `locale`.
        locale: uiLanguage(),
        settings: settings(),
      }),
      outputChannel: output,
      connectionOptions: { maxRestartCount: 5 },
      markdown: { isTrusted: trust, supportHtml: false, supportThemeIcons: true },
      middleware: {
        provideHover: async (document, position, token, next) => {
          if (!enabled(document, 'hover.enabled')) return null;
          // While practising, a hover on code would show the answer before the user gives it.
          if (this.quietCodeHovers() && !isWalkthroughUri(document.uri)) return null;
          return restrictTrust(await next(document, position, token));
        },
        provideCodeLenses: (document, token, next) =>
          enabled(document, 'codeLens.enabled') && !(this.quietCodeLenses() && !isWalkthroughUri(document.uri)) ? next(document, token) : [],
      },
    };
    // The id `walkthroughs` makes the client read the `walkthroughs.trace.server` setting.
    this.client = transport.createClient('walkthroughs', 'Code Walkthroughs', clientOptions);
    this.disposables.push(
      this.client.onNotification(DidChangeWalkthroughsNotification, (params: DidChangeWalkthroughsParams | undefined) => this.changed.fire(params)),
      this.client.onDidChangeState((event) => {
        // After a crash the client restarts the server; tour state lives here, so re-sync it.
        if (event.newState === State.Running) {
          if (this.activeTour !== undefined) this.sendActiveTour();
          this.changed.fire(undefined);
        }
      }),
    );
  }

  /** Makes VS Code ask for CodeLens again (after `quietCodeLenses` changed). */
  refreshCodeLenses(): void {
    const feature = this.client.getFeature(CodeLensRequest.method);
    const providers = new Set(vscode.workspace.textDocuments.map((document) => feature?.getProvider(document)));
    for (const provider of providers) provider?.onDidChangeCodeLensEmitter.fire();
  }

  start(): Promise<void> {
    this.started = true;
    return this.client.start();
  }

  /** Set by activation: starts the server (once). A request made before anything started it, such
   *  as a command run in a folder without walkthroughs, starts it instead of failing. */
  startOnDemand: (() => Promise<void>) | undefined;
  private started = false;

  get running(): boolean {
    return this.client.state === State.Running;
  }

  async request<R>(method: string, params: unknown, fallback: R): Promise<R> {
    // While the server restarts after a crash the views keep their last data; `onDidChange`
    // fires once it runs again.
    const answer = await this.attempt<R>(method, params);
    return 'result' in answer ? answer.result : fallback;
  }

  /**
   * A request whose failure is returned, not replaced by a fallback: the server answers errors
   * (InternalError) so that views can say so instead of showing an empty result.
   */
  async attempt<R>(method: string, params: unknown): Promise<{ result: R } | { error: string }> {
    if (this.client.state === State.Stopped && !this.started && this.startOnDemand) await this.startOnDemand();
    if (this.client.state === State.Stopped) return { error: t('The Code Walkthroughs language server is not running.') };
    try {
      if (this.client.state === State.Starting) await this.whenRunning();
      return { result: await this.client.sendRequest<R>(method, params) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.warn(`${method} failed: ${message}`);
      return { error: message };
    }
  }

  private whenRunning(timeoutMs = 20_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error('the language server did not start'));
      }, timeoutMs);
      const sub = this.client.onDidChangeState((event) => {
        if (event.newState === State.Running) {
          clearTimeout(timer);
          sub.dispose();
          resolve();
        }
      });
      if (this.client.state === State.Running) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  }

  /** Tells the server which tour runs (CodeLens modes `summary`/`activeTour` show only its steps). */
  setActiveTour(walkthroughId: string | undefined): void {
    if (walkthroughId === this.activeTour) return;
    this.activeTour = walkthroughId;
    this.sendActiveTour();
  }

  private sendActiveTour(): void {
    if (this.client.state !== State.Running) return; // sent again once it runs
    const params: SetActiveTourParams = { walkthroughId: this.activeTour ?? null };
    this.client.sendNotification(SetActiveTourNotification, params).catch((error: unknown) => this.output.warn(`${SetActiveTourNotification} failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** `walkthroughs/list` (all, or only `uris`); a failure is returned so the views can say so. */
  list(uris?: string[]): Promise<{ result: ListWalkthroughsResult } | { error: string }> {
    const params: ListWalkthroughsParams = uris ? { uris } : {};
    return this.attempt<ListWalkthroughsResult>(ListWalkthroughsRequest, params);
  }

  step(params: StepContentParams): Promise<StepContentResult> {
    return this.request<StepContentResult>(StepContentRequest, params, null);
  }

  /** `walkthroughs/step`, telling a failure (error) from a step that does not exist (null). */
  stepOrError(params: StepContentParams): Promise<{ result: StepContentResult } | { error: string }> {
    return this.attempt<StepContentResult>(StepContentRequest, params);
  }

  applyToFolder(params: ApplyToFolderParams): Promise<ApplyToFolderResult | undefined> {
    return this.request<ApplyToFolderResult | undefined>(ApplyToFolderRequest, params, undefined);
  }

  importMemo(params: ImportMemoParams): Promise<ImportMemoResult | undefined> {
    return this.request<ImportMemoResult | undefined>(ImportMemoRequest, params, undefined);
  }

  convertTour(params: ConvertTourParams): Promise<ConvertTourResult | null> {
    return this.request<ConvertTourResult | null>(ConvertTourRequest, params, null);
  }

  exportWalkthrough(params: ExportWalkthroughParams): Promise<ExportWalkthroughResult | null> {
    return this.request<ExportWalkthroughResult | null>(ExportWalkthroughRequest, params, null);
  }

  review(params: ReviewParams): Promise<ReviewResult | null> {
    return this.request<ReviewResult | null>(ReviewRequest, params, null);
  }

  exportAnki(params: ExportAnkiParams): Promise<ExportAnkiResult | null> {
    return this.request<ExportAnkiResult | null>(ExportAnkiRequest, params, null);
  }

  async dispose(): Promise<void> {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
    if (this.client.needsStop()) await this.client.stop();
  }
}
