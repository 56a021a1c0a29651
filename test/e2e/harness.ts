// Drives the extension in a real VS Code: code-server (VS Code 1.139 served on 127.0.0.1) plus
// Debian's Chromium through playwright-core. Recipe and selectors: ../shared/notes/e2e-in-real-vscode.md.
//
//   const vsc = await VSCodeSession.start({ name: 'tour' });
//   await vsc.openFile('inventory.go'); await vsc.runCommand('Walkthroughs: Next Step');
//   await vsc.screenshot('tour-1'); await vsc.close();
//
// Each session gets a fresh profile under `.e2e/run-<time>-<name>/` (user data, extensions, XDG
// folders, browser profile, code-server.log) and a fresh copy of the sample workspace in the
// system temp folder, so the repo's own files are never touched. Inputs come from the options or
// from the environment that scripts/e2e.mjs sets: CW_E2E_VSIX (the packaged extension) and
// CW_E2E_WORKSPACE (comma-separated folders copied side by side into the workspace root; default
// the repo's sample-repo/ and walkthroughs/). CW_E2E_KEEP=1 keeps the run folder and workspace.
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const resultsDir = path.join(repoRoot, 'test-results');

/** What scripts/e2e-setup.mjs returns (kept here because that file is plain JavaScript). */
interface E2ETools {
  cacheDir: string;
  node: string;
  codeServerEntry: string;
  chromium: string;
  env: NodeJS.ProcessEnv;
}

export interface SessionOptions {
  /** Label for the run folder and log lines. */
  name: string;
  /** Packaged extension to install; default $CW_E2E_VSIX or the newest *.vsix in the repo root. */
  vsix?: string;
  /** Folders copied side by side into the workspace root; default $CW_E2E_WORKSPACE or sample-repo + walkthroughs. */
  workspaceSources?: string[];
  /** Extra user settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
  /** A top-level name in the workspace the Explorer must show before the workbench counts as ready. */
  readyEntry?: string;
  /** Open the folder untrusted (Restricted Mode): workspace trust on, and "don't trust" answered. */
  restricted?: boolean;
  /** VS Code's display language (code-server `--locale`), e.g. `zh-cn`: `vscode.env.language` and the extension's bundles follow it. */
  locale?: string;
  /** More VSIX files to install next to the extension (e.g. a test file system provider). */
  extraVsix?: string[];
  /** Open this folder URI (e.g. `memfs:/sample`, a virtual workspace) instead of the copied workspace folder. */
  folderUri?: string;
}

export interface ProcessInfo {
  pid: number;
  ppid: number;
  args: string;
}

const QUIET_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'editor.hover.delay': 200,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.ignoreRecommendations': true,
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A language pack extension for `locale` with no translations of its own. VS Code uses a display
 * language only when a language pack provides it (otherwise `vscode.env.language` stays `en`);
 * with this one, VS Code's own UI stays English while extensions load their `locale` bundles.
 * (The real packs come from the Marketplace, which these machines cannot reach.)
 */
function languagePackVsix(locale: string, dir: string): string {
  const root = path.join(dir, `language-pack-${locale}`);
  mkdirSync(path.join(root, 'translations'), { recursive: true });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({
    name: `e2e-language-pack-${locale}`,
    displayName: `e2e language pack ${locale}`,
    description: `Makes ${locale} available as display language for the end-to-end tests.`,
    publisher: 'code-walkthroughs-e2e',
    version: '1.0.0',
    license: 'MIT',
    engines: { vscode: '^1.100.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [{ languageId: locale, languageName: locale, localizedLanguageName: locale, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }],
    },
  }, null, 2));
  writeFileSync(path.join(root, 'translations', 'main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  writeFileSync(path.join(root, 'README.md'), `# e2e language pack ${locale}\n`);
  writeFileSync(path.join(root, 'LICENSE'), 'MIT\n');
  const vsix = path.join(dir, `language-pack-${locale}.vsix`);
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--allow-missing-repository', '--skip-license', '--out', vsix], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`packaging the ${locale} language pack failed:\n${r.stdout}${r.stderr}`);
  return vsix;
}

/** Installs (first time only) and returns code-server, Node 24 and Chromium. */
export async function tools(): Promise<E2ETools> {
  const setupUrl = pathToFileURL(path.join(repoRoot, 'scripts', 'e2e-setup.mjs')).href;
  const setup = (await import(setupUrl)) as { ensureE2E(): Promise<E2ETools> };
  return setup.ensureE2E();
}

/** The VSIX to test: $CW_E2E_VSIX, else the newest code-walkthroughs-*.vsix in the repo root. */
export function defaultVsix(): string {
  if (process.env.CW_E2E_VSIX) return path.resolve(process.env.CW_E2E_VSIX);
  const candidates = readdirSync(repoRoot)
    .filter((f) => f.endsWith('.vsix'))
    .map((f) => path.join(repoRoot, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!candidates[0]) throw new Error('no VSIX: set CW_E2E_VSIX or run `npm run package` first (npm run test:e2e does both)');
  return candidates[0];
}

export function defaultWorkspaceSources(): string[] {
  const fromEnv = process.env.CW_E2E_WORKSPACE;
  if (fromEnv) return fromEnv.split(',').filter(Boolean).map((p) => path.resolve(p));
  return [path.join(repoRoot, 'sample-repo'), path.join(repoRoot, 'walkthroughs')];
}

/** One code-server + one Chromium page with a fresh profile; always `close()` it. */
export class VSCodeSession {
  /** Console errors of the workbench page (known harmless noise filtered out). */
  readonly consoleErrors: string[] = [];
  /** Milestones of the start, e.g. { healthz: 1500, workbench: 11000 } in ms since start(). */
  readonly timings: Record<string, number> = {};
  private closed = false;

  private constructor(
    readonly name: string,
    readonly runDir: string,
    /** The copied workspace folder that VS Code has open. */
    readonly workspace: string,
    readonly port: number,
    private readonly server: ChildProcess,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly tmpRoot: string,
    /** Runs the code-server CLI with this session's profile (e.g. ['--list-extensions']). */
    readonly cli: (args: string[]) => string,
  ) {}

  static async start(options: SessionOptions): Promise<VSCodeSession> {
    const t0 = Date.now();
    const log = (msg: string) => console.log(`[e2e ${options.name} +${seconds(Date.now() - t0)}] ${msg}`);
    const t = await tools();
    const vsix = options.vsix ?? defaultVsix();
    if (!existsSync(vsix)) throw new Error(`VSIX not found: ${vsix}`);

    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const runDir = path.join(repoRoot, '.e2e', `run-${stamp}-${options.name}`);
    const dirs = {
      data: path.join(runDir, 'user-data'),
      extensions: path.join(runDir, 'extensions'),
      config: path.join(runDir, 'xdg-config'),
      share: path.join(runDir, 'xdg-data'),
      cache: path.join(runDir, 'xdg-cache'),
      tmp: path.join(runDir, 'tmp'),
      browser: path.join(runDir, 'browser'),
    };
    for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
    mkdirSync(path.join(dirs.data, 'User'), { recursive: true });
    writeFileSync(path.join(dirs.data, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...options.settings }, null, 2));

    // The workspace: a throw-away copy outside the repo (so no parent git repo is detected).
    const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'cw-e2e-'));
    const workspace = path.join(tmpRoot, 'walkthroughs-sample');
    mkdirSync(workspace);
    for (const src of options.workspaceSources ?? defaultWorkspaceSources()) {
      cpSync(src, path.join(workspace, path.basename(src)), { recursive: true });
    }

    const env: NodeJS.ProcessEnv = {
      ...t.env,
      XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.share, XDG_CACHE_HOME: dirs.cache, TMPDIR: dirs.tmp,
    };
    const common = ['--user-data-dir', dirs.data, '--extensions-dir', dirs.extensions];
    const install = spawnSync(t.node, [t.codeServerEntry, '--install-extension', vsix, ...common], { env, encoding: 'utf8' });
    if (install.status !== 0 || /failed|error/i.test(install.stderr)) {
      throw new Error(`installing ${vsix} failed:\n${install.stdout}${install.stderr}`);
    }
    log(`installed ${path.basename(vsix)}: ${install.stdout.trim().split('\n').at(-1)}`);
    for (const extra of options.extraVsix ?? []) {
      const r = spawnSync(t.node, [t.codeServerEntry, '--install-extension', extra, ...common], { env, encoding: 'utf8' });
      if (r.status !== 0 || /failed|error/i.test(r.stderr)) throw new Error(`installing ${extra} failed:\n${r.stdout}${r.stderr}`);
      log(`installed ${path.basename(extra)}`);
    }
    if (options.locale) {
      const pack = languagePackVsix(options.locale, runDir);
      const installPack = spawnSync(t.node, [t.codeServerEntry, '--install-extension', pack, ...common], { env, encoding: 'utf8' });
      if (installPack.status !== 0) throw new Error(`installing the ${options.locale} language pack failed:\n${installPack.stdout}${installPack.stderr}`);
      // VS Code reads the display languages it may use from languagepacks.json, which it writes
      // when it installs a pack itself; a pack installed from the command line needs this entry.
      const id = `code-walkthroughs-e2e.e2e-language-pack-${options.locale}`;
      const translations = path.join(dirs.extensions, `${id}-1.0.0`, 'translations', 'main.i18n.json');
      if (!existsSync(translations)) throw new Error(`the ${options.locale} language pack is not where expected: ${translations}`);
      writeFileSync(path.join(dirs.data, 'languagepacks.json'), JSON.stringify({
        [options.locale]: { hash: `e2e-${options.locale}`, extensions: [{ extensionIdentifier: { id }, version: '1.0.0' }], translations: { vscode: translations }, label: options.locale },
      }));
      log(`installed a ${options.locale} language pack`);
    }

    const port = await freePort();
    const logStream = createWriteStream(path.join(runDir, 'code-server.log'));
    // detached = setsid(): code-server, its extension hosts, file watcher and our language server
    // share one process group that close() kills as a whole.
    const server = spawn(t.node, [t.codeServerEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', ...(options.restricted ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
      ...(options.locale ? ['--locale', options.locale] : []),
      ...common, workspace], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.pipe(logStream);
    server.stderr?.pipe(logStream);
    liveGroups.add(server.pid!);

    let session: VSCodeSession | undefined;
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (server.exitCode !== null) throw new Error(`code-server exited (${server.exitCode}); see ${runDir}/code-server.log`);
        if (Date.now() > deadline) throw new Error('code-server did not answer /healthz within 30 s');
        try {
          if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
        } catch { /* not listening yet */ }
        await sleep(200);
      }
      const healthz = Date.now() - t0;
      log(`code-server answers on 127.0.0.1:${port}`);

      const context = await chromium.launchPersistentContext(dirs.browser, {
        executablePath: t.chromium,
        headless: true,
        viewport: { width: 1440, height: 900 },
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
          '--disable-component-update', '--disable-sync'],
      });
      const page = context.pages()[0] ?? (await context.newPage());
      const cli = (args: string[]) => {
        const r = spawnSync(t.node, [t.codeServerEntry, ...args, ...common], { env, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`code-server ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
        return r.stdout;
      };
      session = new VSCodeSession(options.name, runDir, workspace, port, server, context, page, tmpRoot, cli);
      session.timings.healthz = healthz;
      const s = session;
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !HARMLESS_CONSOLE.some((re) => re.test(msg.text()))) s.consoleErrors.push(msg.text());
      });
      page.on('pageerror', (err) => s.consoleErrors.push(`pageerror: ${err.message}`));

      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.folderUri ?? workspace)}`);
      if (options.restricted) {
        // VS Code may ask whether to trust the folder (answer no); otherwise it opens it untrusted.
        await page.locator('.monaco-dialog-box button', { hasText: /don.t trust/i }).first().click({ timeout: 10_000 }).catch(() => undefined);
      }
      const entry = options.readyEntry ?? path.basename((options.workspaceSources ?? defaultWorkspaceSources())[0]!);
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: entry }).first().waitFor({ timeout: 60_000 });
      session.timings.workbench = Date.now() - t0;
      log('workbench ready');
      return session;
    } catch (err) {
      if (session) await session.close();
      else killGroup(server.pid!);
      throw err;
    }
  }

  // ---------------------------------------------------------------- actions

  /** Opens a file by (part of) its path through Quick Open and waits until it is the active tab. */
  async openFile(name: string): Promise<void> {
    const base = path.basename(name);
    await this.focusWorkbench();
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(name);
    // Wait until the list shows results for what was typed (not the recently opened files), and
    // pick the row whose folder matches too (handler/inventory.go, not model/inventory.go).
    const dir = path.basename(path.dirname(name));
    let row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: base });
    if (dir && dir !== '.') row = row.filter({ hasText: dir });
    await row.first().waitFor();
    await this.page.waitForTimeout(200);
    await row.first().click();
    await this.poll(`active tab ${base}`, () => this.activeTab(), (t) => t.includes(base), 10_000);
    if (dir && dir !== '.') {
      const crumbs = this.page.locator('.editor-group-container.active .breadcrumbs-control').first();
      await this.poll(`breadcrumbs of ${name}`, async () => crumbs.innerText().catch(() => ''), (t) => t.includes(dir), 10_000);
    }
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor();
  }

  /** Runs a command by its palette title (e.g. "Walkthroughs: Next Step"). */
  async runCommand(title: string): Promise<void> {
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    for (let attempt = 1; ; attempt++) {
      await this.focusWorkbench();
      await this.page.keyboard.press('Control+Shift+P');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill(`>${title}`);
      try {
        await row.waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        // Seen once in CI: VS Code's own "Extensions: Show Installed Extensions" was not registered
        // yet 10 s after the workbench was ready. Close the palette and ask again, once.
        if (attempt >= 2) throw error;
        console.log(`[e2e] "${title}" is not in the command palette yet; asking again`);
        await this.page.keyboard.press('Escape');
        await this.page.waitForTimeout(2000);
      }
    }
    await row.click();
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }

  /**
   * Clicks the active editor's CodeLens whose text contains `text` until `done()` holds. A lens
   * list refreshed between drawing and the click leaves the old lens's command unknown to VS Code
   * ("Actual command not found"), so the click did nothing: the lens drawn again is clicked again.
   */
  async clickCodeLens(text: string, what: string, done: () => Promise<boolean>): Promise<void> {
    const lens = this.page.locator('.editor-group-container.active .codelens-decoration a', { hasText: text }).first();
    for (let attempt = 1; ; attempt++) {
      await lens.click();
      try {
        await this.poll(what, async () => done().catch(() => false), (ok) => ok, 5_000);
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        console.log(`[e2e] the CodeLens "${text}" did not lead to ${what} (attempt ${attempt}); clicking it again`);
      }
    }
  }

  /**
   * Waits for the input box that asks `prompt`, types `text` into it and confirms (empty text: just
   * Enter, a skip). Waiting for the prompt, not for any input box: the command palette or the
   * previous pick's box stays on screen for a moment, and an answer typed there (or an Enter that
   * reached the editor) was lost (seen in CI, in three test files).
   */
  async answerInput(prompt: string, text: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget', { hasText: prompt });
    await widget.waitFor({ timeout: 15_000 });
    const input = widget.locator('input').first();
    await input.fill(text);
    await input.press('Enter');
  }

  /** Picks a row of an open quick pick (e.g. after "Start Walkthrough…") by its text. */
  async pickQuickItem(text: string | RegExp): Promise<void> {
    const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: text }).first();
    await row.waitFor({ timeout: 10_000 });
    await row.click();
  }

  /** Clicks an item of the open context menu. A click that lands while the menu is still laying
   *  itself out can leave it open with the item focused (seen in CI): then Enter runs that item,
   *  as a keyboard user would. */
  async clickContextMenuItem(label: string): Promise<void> {
    const item = this.page.locator('.context-view .monaco-menu .action-label', { hasText: label }).first();
    await item.click();
    await this.page.waitForTimeout(500);
    if (await item.isVisible().catch(() => false)) {
      console.log(`the context menu stayed open after clicking "${label}"; pressing Enter on it`);
      // Only if it is still there: an Enter anywhere else would run something else.
      await item.hover({ timeout: 1_000 }).then(() => this.page.keyboard.press('Enter'), () => undefined);
    }
  }

  /**
   * Moves the cursor to a line (1-based) of the active editor with Ctrl+G, and waits until the
   * status bar says it is there (a keystroke lost under load is tried again, not assumed).
   */
  async goToLine(line: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.focusEditor();
      await this.page.keyboard.press('Control+G');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor();
      // Ctrl+G opens the quick input with `:`; fill replaces it, so it is part of what is filled.
      await input.fill(`:${line}`);
      await this.page.keyboard.press('Enter');
      await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
      try {
        // (Enter in the quick input gave the editor its focus back: focusing "a" textarea again
        // here could pick another one, such as the find widget's, and swallow what is typed next.)
        await this.poll(`cursor on line ${line}`, async () => (await this.cursor().catch(() => ({ line: -1, column: -1 }))).line, (l) => l === line, 5_000);
        return;
      } catch (error) {
        if (attempt >= 3) throw error;
        console.log(`[e2e] Ctrl+G ${line} did not land (attempt ${attempt}); again`);
        await this.focusWorkbench();
      }
    }
  }

  /**
   * Types into the active editor and reads the text back until `expected` accepts the rendered
   * lines. Keystrokes get lost under load (an Enter once landed as nothing, and the next line
   * joined the one above): then the file is reverted and the typing done again. The file must
   * have no unsaved changes before (so that reverting loses nothing but this typing).
   */
  async typeChecked(what: string, type: () => Promise<void>, expected: (lines: Record<number, string>) => boolean, attempts = 3): Promise<void> {
    const read = async (): Promise<Record<number, string>> => Object.fromEntries((await this.visibleLines()).map((l) => [l.line, l.text]));
    for (let attempt = 1; ; attempt++) {
      await type();
      try {
        await this.poll(what, read, expected, 5_000);
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        console.log(`[e2e] typing "${what}" did not give the expected text (attempt ${attempt}): reverting and typing again`);
        await this.runCommand('File: Revert File');
        await this.poll('the file reverted', async () => (await this.page.locator('.editor-group-container.active .tabs-container .tab.active').getAttribute('class')) ?? '', (c) => !/\bdirty\b/.test(c), 10_000);
      }
    }
  }

  /**
   * Types `lines` as new lines after line `after` (1-based) of the active editor, one Enter and
   * line at a time, and checks the result line by line (indentation the editor adds is allowed):
   * the line above and the one below are unchanged, each new line holds exactly its text.
   */
  async insertLinesAfter(after: number, lines: string[]): Promise<void> {
    await this.goToLine(after);
    const original = Object.fromEntries((await this.visibleLines()).map((l) => [l.line, l.text])) as Record<number, string>;
    const above = original[after];
    const below = original[after + 1];
    if (above === undefined || below === undefined) throw new Error(`lines ${after} and ${after + 1} are not rendered`);
    await this.typeChecked(
      `${lines.length} new lines after line ${after}`,
      async () => {
        await this.goToLine(after);
        await this.page.keyboard.press('End');
        for (const line of lines) {
          await this.page.keyboard.press('Enter');
          await this.page.keyboard.type(line);
        }
      },
      (now) => now[after] === above && lines.every((line, i) => now[after + 1 + i]?.trim() === line.trim()) && now[after + 1 + lines.length] === below,
    );
  }

  /** Gives the active editor keyboard focus. */
  async focusEditor(): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor textarea').first().focus();
  }

  /** Escapes any open quick input / hover so keyboard shortcuts reach the workbench. */
  private async focusWorkbench(): Promise<void> {
    if (await this.page.locator('.quick-input-widget').isVisible()) await this.page.keyboard.press('Escape');
  }

  /** Saves a PNG of the whole window to test-results/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Waits for a selector (optionally with text) to be visible and returns its locator. */
  async waitFor(selector: string, options: { hasText?: string | RegExp; timeout?: number } = {}): Promise<Locator> {
    const loc = this.page.locator(selector, options.hasText === undefined ? {} : { hasText: options.hasText }).first();
    await loc.waitFor({ timeout: options.timeout ?? 15_000 });
    return loc;
  }

  /** Polls `read` until `ok` accepts its value; returns the last value (throws on timeout). */
  async poll<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeout = 15_000): Promise<T> {
    const deadline = Date.now() + timeout;
    let last: T = await read();
    while (!ok(last)) {
      if (Date.now() > deadline) {
        const shot = await this.screenshot(`timeout-${this.name}-${Date.now()}`).catch(() => 'none');
        throw new Error(`timed out after ${timeout} ms waiting for ${what}; last value: ${JSON.stringify(last)} (screenshot: ${shot})`);
      }
      await this.page.waitForTimeout(250);
      last = await read();
    }
    return last;
  }

  // ---------------------------------------------------------------- reading the UI

  /**
   * Hovers line `line` (1-based, must be rendered) of the active editor: on the token containing
   * `word`, else on its first non-blank token. Returns the hover widget (wait on its text yourself).
   */
  async hoverLine(line: number, word?: string): Promise<Locator> {
    await this.page.mouse.move(5, 5);
    await this.page.locator('.monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: 3_000 }).catch(() => undefined);
    const point = (await this.page.evaluate(`(() => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor');
      const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find((n) => Number(n.textContent) === ${line});
      if (!number) return null;
      const top = number.getBoundingClientRect().top;
      const row = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => Math.abs(l.getBoundingClientRect().top - top) < 2);
      if (!row) return null;
      const tokens = [...row.querySelectorAll('span span')].filter((t) => (t.textContent || '').trim() !== '');
      const word = ${JSON.stringify(word ?? null)};
      const token = (word && tokens.find((t) => t.textContent.includes(word))) || tokens[0];
      if (!token) return null;
      const r = token.getBoundingClientRect();
      return { x: r.left + Math.min(r.width / 2, 20), y: r.top + r.height / 2 };
    })()`)) as { x: number; y: number } | null;
    if (!point) throw new Error(`line ${line} is not rendered in the active editor`);
    const hover = this.page.locator('.monaco-hover:not(.hidden)').first();
    // A hover asked for before the language server answers for this file shows nothing at all (seen
    // right after opening a file): point away and back, as a user would, until a hover shows.
    for (let attempt = 1; ; attempt++) {
      await this.page.mouse.move(point.x - 3, point.y);
      await this.page.mouse.move(point.x, point.y);
      try {
        await hover.waitFor({ timeout: 8_000 });
        return hover;
      } catch (error) {
        if (attempt >= 4) throw error;
        console.log(`[e2e] no hover on line ${line} yet (attempt ${attempt}); pointing again`);
        await this.page.mouse.move(5, 5);
      }
    }
  }

  /** Texts of the CodeLenses rendered in the active editor, top to bottom. */
  async codeLenses(): Promise<string[]> {
    const texts = await this.page.locator('.editor-group-container.active .codelens-decoration').allInnerTexts();
    return texts.map((t) => t.trim()).filter(Boolean);
  }

  /** Text lines currently rendered in the active editor, in order (Monaco renders only the viewport). */
  async visibleLines(): Promise<{ line: number; text: string }[]> {
    // A string so that this file needs no DOM typings; it runs in the page.
    return this.page.evaluate(`(() => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor');
      if (!editor) return [];
      const byTop = new Map();
      for (const l of editor.querySelectorAll('.view-lines .view-line')) byTop.set(Math.round(parseFloat(l.style.top)), l.textContent || '');
      return [...editor.querySelectorAll('.margin-view-overlays .line-numbers')]
        .map((n) => ({ line: Number(n.textContent), text: (byTop.get(Math.round(parseFloat(n.parentElement.style.top))) || '').replace(/\\u00a0/g, ' ') }))
        .filter((x) => Number.isFinite(x.line) && x.line > 0)
        .sort((a, b) => a.line - b.line);
    })()`);
  }

  /**
   * Where things sit in the active editor, by rendered line number (1-based, viewport only):
   * `highlighted` — lines with an extension's whole-line decoration (our step highlight),
   * `gutter` — lines with an extension's gutter icon, `lenses` — each CodeLens and the line below it.
   */
  async editorMarks(): Promise<{ highlighted: number[]; gutter: number[]; lenses: { text: string; line: number }[] }> {
    return this.page.evaluate(`(() => {
      const editor = document.querySelector('.editor-group-container.active .monaco-editor');
      if (!editor) return { highlighted: [], gutter: [], lenses: [] };
      const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')]
        .map((n) => ({ line: Number(n.textContent), rect: n.getBoundingClientRect() }))
        .filter((n) => n.line > 0 && n.rect.height > 0)
        .sort((a, b) => a.rect.top - b.rect.top);
      const lineAt = (y) => numbers.find((n) => n.rect.top <= y && y < n.rect.bottom)?.line;
      // Decorations that extensions create are named ced-<n>-TextEditorDecorationType<k>-<part>.
      const marks = (sel) => [...new Set([...editor.querySelectorAll(sel)]
        .filter((el) => /TextEditorDecorationType/.test(el.className))
        .map((el) => { const r = el.getBoundingClientRect(); return lineAt(r.top + r.height / 2); })
        .filter((l) => l !== undefined))].sort((a, b) => a - b);
      // Lenses the editor shows: Monaco keeps the nodes of lines scrolled out of view until it renders them again.
      const view = (editor.querySelector('.monaco-scrollable-element') || editor).getBoundingClientRect();
      const lenses = [...editor.querySelectorAll('.codelens-decoration')]
        .filter((el) => (el.textContent || '').trim() !== '')
        .filter((el) => { const r = el.getBoundingClientRect(); return r.height > 0 && r.bottom > view.top && r.top < view.bottom; })
        .map((el) => {
          const r = el.getBoundingClientRect();
          const below = numbers.find((n) => n.rect.top >= r.bottom - 3);
          return { text: (el.textContent || '').trim(), line: below ? below.line : -1 };
        });
      return { highlighted: marks('.view-overlays .cdr'), gutter: marks('.margin-view-overlays [class*="ced-"], .glyph-margin-widgets [class*="ced-"]'), lenses };
    })()`);
  }

  /** Cursor position from the status bar ("Ln 12, Col 3"). */
  async cursor(): Promise<{ line: number; column: number }> {
    const text = await this.page.locator('.statusbar-item[id="status.editor.selection"]').first().innerText();
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    if (!m) throw new Error(`no cursor position in status bar: ${text}`);
    return { line: Number(m[1]), column: Number(m[2]) };
  }

  /** Title of the active editor tab. */
  async activeTab(): Promise<string> {
    return (await this.page.locator('.editor-group-container.active .tabs-container .tab.active').first().getAttribute('aria-label')) ?? '';
  }

  /** Texts of all status bar items (left to right). */
  async statusBarItems(): Promise<string[]> {
    return (await this.page.locator('.part.statusbar .statusbar-item').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  }

  /** Opens the Problems panel and returns each row's accessible label (file rows and markers). */
  async problems(): Promise<string[]> {
    await this.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
    await this.page.locator('.markers-panel').first().waitFor();
    await this.page.waitForTimeout(300);
    const rows = this.page.locator('.markers-panel .monaco-list-row');
    const labels: string[] = [];
    for (const row of await rows.all()) labels.push((await row.getAttribute('aria-label')) ?? (await row.innerText()));
    return labels;
  }

  /** Rows of the tree view under the sidebar pane titled `paneTitle` (their accessible labels). */
  async treeRows(paneTitle: string): Promise<string[]> {
    const pane = this.sidebarPane(paneTitle);
    const rows = pane.locator('.pane-body .monaco-list-row');
    const labels: string[] = [];
    for (const row of await rows.all()) labels.push(((await row.getAttribute('aria-label')) ?? (await row.innerText())).trim());
    return labels;
  }

  /** The sidebar pane (header + body) whose header title is `title`. */
  sidebarPane(title: string): Locator {
    return this.page
      .locator('.part.sidebar .split-view-view .pane', { has: this.page.locator('.pane-header .title', { hasText: new RegExp(`^${escapeRe(title)}$`, 'i') }) })
      .first();
  }

  /** Clicks the activity bar entry whose label starts with `title` (e.g. "Walkthroughs"). */
  async openActivity(title: string): Promise<void> {
    const item = this.page.locator(`.activitybar .action-item .action-label[aria-label^="${title}"]`).first();
    await item.waitFor({ timeout: 20_000 });
    const checked = await item.locator('xpath=..').getAttribute('aria-pressed').catch(() => null);
    if (checked !== 'true') await item.click();
  }

  /** The frame of a webview view (e.g. the step card) whose body contains `hasText`. */
  async webviewFrame(hasText: string | RegExp, timeout = 15_000) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        try {
          const body = await frame.locator('body').innerText({ timeout: 200 });
          if (typeof hasText === 'string' ? body.includes(hasText) : hasText.test(body)) return frame;
        } catch { /* detached or not a document yet */ }
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no webview frame containing ${String(hasText)}`);
  }

  /**
   * Clicks `selector` in the webview showing `hasText`, finding the frame again when a page drawn
   * anew (after an action elsewhere) detached it between the find and the click.
   */
  async clickInWebview(hasText: string | RegExp, selector: string, timeout = 15_000): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const frame = await this.webviewFrame(hasText, timeout);
      try {
        await frame.locator(selector).first().click({ timeout });
        return;
      } catch (error) {
        if (attempt >= 4 || !/detached/i.test(String(error))) throw error;
      }
    }
  }

  /** Texts of visible notification toasts. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
  }

  // ---------------------------------------------------------------- processes

  /** All processes of this session's code-server process group. */
  processes(): ProcessInfo[] {
    const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,pgid=,args='], { encoding: 'utf8' });
    const pgid = this.server.pid!;
    return out
      .split('\n')
      .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && Number(m[3]) === pgid)
      .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[4]! }));
  }

  /** The extension host processes (VS Code's `--type=extensionHost`). */
  extensionHosts(): ProcessInfo[] {
    return this.processes().filter((p) => p.args.includes('--type=extensionHost'));
  }

  /** Our language server processes (`dist/server.js` inside the installed extension). */
  languageServers(): ProcessInfo[] {
    return this.processes().filter((p) => /code-walkthroughs[^ ]*[/\\]dist[/\\]server\.js/.test(p.args));
  }

  // ---------------------------------------------------------------- teardown

  /** Takes a last screenshot (test-results/<name>-final.png) and stops browser and code-server. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.screenshot(`${this.name}-final`).catch(() => undefined);
    await this.context.close().catch(() => undefined);
    killGroup(this.server.pid!);
    if (!process.env.CW_E2E_KEEP) {
      rmSync(this.tmpRoot, { recursive: true, force: true });
      rmSync(path.join(this.runDir, 'browser'), { recursive: true, force: true });
    }
  }
}

/** Console errors that VS Code in code-server prints on machines without internet. */
const HARMLESS_CONSOLE = [/open-vsx/i, /ENOTFOUND/, /github/i, /Failed to load resource/i, /marketplace/i, /\b404\b/];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const liveGroups = new Set<number>();

function killGroup(pgid: number): void {
  liveGroups.delete(pgid);
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  // Give it a moment to exit cleanly, then make sure nothing of the group is left.
  const deadline = Date.now() + 3_000;
  while (Date.now() < deadline) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    spawnSync('sleep', ['0.1']);
  }
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch { /* gone */ }
}

// A test that crashes or is interrupted must not leave code-server running.
process.on('exit', () => {
  for (const pgid of [...liveGroups]) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch { /* gone */ }
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}
