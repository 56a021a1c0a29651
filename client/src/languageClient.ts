// Starts the Code Walkthroughs language server (dist/server.js); `request`/`attempt` send the custom
// requests, typed by their declarations in common/src/protocol.ts.
// CodeLens, hovers, diagnostics and authoring features come straight from the server; the client
// only limits trusted hover links to this extension's own commands and honours the on/off settings.
import * as vscode from 'vscode';
import { CodeLensRequest, RequestType, State, type BaseLanguageClient, type DocumentSelector, type LanguageClientOptions, type RequestParam } from 'vscode-languageclient';
import {
  ClientCommands,
  DidChangeWalkthroughsNotification,
  SetActiveTourNotification,
  type DidChangeWalkthroughsParams,
  type InitializationOptions,
} from '../../common/src/protocol';
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
 * extension's own web worker in the browser (browser/src/inProcessClient.ts).
 */
export interface ServerTransport {
  /** The documents the server is told about. */
  readonly documentSelector: DocumentSelector;
  /** A folder on disk the server may keep parses in between sessions (the desktop's workspace storage). */
  readonly cacheDir?: string;
  createClient(id: string, name: string, options: LanguageClientOptions): BaseLanguageClient;
}

export class WalkthroughClient implements vscode.Disposable {
  readonly client: BaseLanguageClient;
  private readonly changed = new vscode.EventEmitter<DidChangeWalkthroughsParams | undefined>();
  /** Fires on `walkthroughs/didChange` (what changed) and with undefined whenever the server (re)starts (everything). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private activeTour: string | undefined;
  /** While practising: no hovers on code and no CodeLens on code and memo files (they give the answers away). */
  private quiet = false;
  /** The first start (see `ensureStarted`). */
  private starting: Promise<void> | undefined;

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
        // Parses kept between sessions of this workspace (none without a workspace folder).
        ...(transport.cacheDir ? { cacheDir: transport.cacheDir } : {}),
      }),
      outputChannel: output,
      connectionOptions: { maxRestartCount: 5 },
      markdown: { isTrusted: trust, supportHtml: false, supportThemeIcons: true },
      middleware: {
        provideHover: async (document, position, token, next) => {
          if (!enabled(document, 'hover.enabled')) return null;
          // While practising, a hover on code would show the answer before the user gives it.
          if (this.quiet && !isWalkthroughUri(document.uri)) return null;
          return restrictTrust(await next(document, position, token));
        },
        provideCodeLenses: (document, token, next) =>
          enabled(document, 'codeLens.enabled') && !(this.quiet && !isWalkthroughUri(document.uri)) ? next(document, token) : [],
      },
    };
    // The id `walkthroughs` makes the client read the `walkthroughs.trace.server` setting.
    this.client = transport.createClient('walkthroughs', 'Code Walkthroughs', clientOptions);
    this.disposables.push(
      this.client.onNotification(DidChangeWalkthroughsNotification, (params) => this.changed.fire(params)),
      this.client.onDidChangeState((event) => {
        // After a crash the client restarts the server; tour state lives here, so re-sync it.
        if (event.newState === State.Running) {
          if (this.activeTour !== undefined) this.sendActiveTour();
          this.changed.fire(undefined);
        }
      }),
    );
  }

  /** Practice tells when a question is asked: hovers and CodeLens on code go quiet, and come back. */
  setQuietCode(quiet: boolean): void {
    this.quiet = quiet;
    this.refreshCodeLenses();
  }

  /** Makes VS Code ask for CodeLens again (after `quiet` changed). */
  private refreshCodeLenses(): void {
    const feature = this.client.getFeature(CodeLensRequest.method);
    const providers = new Set(vscode.workspace.textDocuments.map((document) => feature?.getProvider(document)));
    for (const provider of providers) provider?.onDidChangeCodeLensEmitter.fire();
  }

  /**
   * Starts the server once; later calls wait for that start. Activation calls it when walkthroughs
   * are about (authoring/activation.ts); a request made before, such as a command run in a folder
   * without walkthroughs, calls it instead of failing. A failed start is logged (the client says
   * why in its output); requests then answer that the server is not running.
   */
  ensureStarted(): Promise<void> {
    this.starting ??= this.client.start().then(
      () => undefined,
      (error: unknown) => this.output.error(`The language server failed to start: ${error instanceof Error ? error.message : String(error)}`),
    );
    return this.starting;
  }

  get running(): boolean {
    return this.client.state === State.Running;
  }

  /** A request of the contract (common/src/protocol.ts); `fallback` stands in for a failure. */
  request<P, R>(type: RequestType<P, R, void>, params: RequestParam<P>, fallback: NoInfer<R>): Promise<R>;
  request<P, R, F>(type: RequestType<P, R, void>, params: RequestParam<P>, fallback: F): Promise<R | F>;
  async request<P, R, F>(type: RequestType<P, R, void>, params: RequestParam<P>, fallback: F): Promise<R | F> {
    // While the server restarts after a crash the views keep their last data; `onDidChange`
    // fires once it runs again.
    const answer = await this.attempt(type, params);
    return 'result' in answer ? answer.result : fallback;
  }

  /**
   * A request whose failure is returned, not replaced by a fallback: the server answers errors
   * (InternalError) so that views can say so instead of showing an empty result.
   */
  async attempt<P, R>(type: RequestType<P, R, void>, params: RequestParam<P>): Promise<{ result: R } | { error: string }> {
    if (this.client.state === State.Stopped && !this.starting) await this.ensureStarted();
    if (this.client.state === State.Stopped) return { error: t('The Code Walkthroughs language server is not running.') };
    try {
      if (this.client.state === State.Starting) await this.whenRunning();
      return { result: await this.client.sendRequest(type, params) };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.output.warn(`${type.method} failed: ${message}`);
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
    this.client.sendNotification(SetActiveTourNotification, { walkthroughId: this.activeTour ?? null }).catch((error: unknown) => this.output.warn(`${SetActiveTourNotification.method} failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  async dispose(): Promise<void> {
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
    if (this.client.needsStop()) await this.client.stop();
  }
}
