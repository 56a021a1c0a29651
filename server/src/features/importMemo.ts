/**
 * `walkthroughs/importMemo` and the "Create Walkthrough from Memo…" CodeLens on markdown files that
 * cite code. The import itself is the engine's (core/memoImport); this keeps every path inside the
 * workspace and writes nothing: the client previews the result and writes it when asked.
 */
import { t } from '../core/l10n';
import type { CodeLens } from 'vscode-languageserver';
import { defaultWalkthroughId, parseWalkthrough } from '../core/format/parseWalkthrough';
import { importMemo } from '../core/memoImport/importMemo';
import { hasCodeReferences, scanMemo } from '../core/memoImport/references';
import { NodeFileSystem } from '../core/nodeFileSystem';
import { describeUnreadable } from '../core/text';
import { extname, innermostFolder, isInside } from '../../../common/src/paths';
import { ClientCommands, type ImportMemoParams, type ImportMemoResult } from '../../../common/src/protocol';
import type { FileSystem } from '../core/fileSystem';
import { throwIfCancelled, type Cancellation } from './jobQueue';
import { pathToUri, uriToPath } from './uri';
import type { Workspace } from './workspace';

const MARKDOWN = new Set(['.md', '.markdown']);

const MESSAGES = {
  get notInWorkspace() { return t('The memo, the code folder and the walkthrough must all be inside a workspace folder.'); },
  get unreadable() { return t('The memo could not be read as text.'); },
  outUnreadable: (why: string) => t('The walkthrough file exists but {0}; it was not changed.', why),
  get outByLink() { return t('The walkthrough would be written outside the workspace (a symbolic link leads there), or over a link; choose another file.'); },
  get lens() { return t('Create Walkthrough from Memo…'); },
  get lensUpdate() { return t('Update Walkthrough from Memo…'); },
};

export function isMemoFile(file: string): boolean {
  return MARKDOWN.has(extname(file));
}

/** `<memo>.walkthrough.yaml` beside the memo. */
export function defaultOutFile(memoFile: string): string {
  return memoFile.replace(/\.(?:md|markdown)$/i, '') + '.walkthrough.yaml';
}

/** How often a running import lets other requests (and `$/cancelRequest`) in. */
const YIELD_EVERY_MS = 15;

export interface ImportMemoDeps {
  /** Cancels the import: it stops at its next checkpoint. */
  token?: Cancellation;
  /** The file system the code is read from, confined to `root` (default: the disk, confined by real path). */
  codeFs?: (root: string) => FileSystem;
}

/**
 * The import's checkpoint: every YIELD_EVERY_MS of work it waits for the event loop (so other
 * requests and the cancellation are read), then stops if the request was cancelled.
 */
export function yieldingCheckpoint(token: Cancellation | undefined, everyMs = YIELD_EVERY_MS): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = performance.now();
    throwIfCancelled(token);
  };
}

export async function importMemoRequest(workspace: Workspace, params: ImportMemoParams, deps: ImportMemoDeps = {}): Promise<ImportMemoResult> {
  const memoFile = typeof params?.memo === 'string' ? uriToPath(params.memo) : undefined;
  const folders = workspace.engine.getFolders();
  const folderOf = (file: string) => innermostFolder(folders, file);
  const folder = memoFile ? folderOf(memoFile) : undefined;
  const root = typeof params?.root === 'string' ? uriToPath(params.root) : folder;
  const out = typeof params?.out === 'string' ? uriToPath(params.out) : memoFile ? defaultOutFile(memoFile) : undefined;
  const failed = (error: string): ImportMemoResult => ({ yaml: '', out: out ? pathToUri(out) : '', exists: false, walkthroughId: '', steps: 0, references: [], error });
  if (!memoFile || !folder || !root || !out || !folderOf(root) || !folderOf(out)) return failed(MESSAGES.notInWorkspace);
  // The walkthrough is written where `out` really is: never through a link out of the workspace.
  if (!(await workspace.mayWrite(out))) return failed(MESSAGES.outByLink);

  const memo = await workspace.engine.readText(memoFile);
  if (memo.kind !== 'text') return failed(MESSAGES.unreadable);
  const existing = await workspace.engine.readText(out);
  // A file that is there but cannot be read is never taken for a new one (the client would write over it).
  if (existing.kind !== 'text' && existing.kind !== 'missing') return failed(MESSAGES.outUnreadable(describeUnreadable(existing)));
  const existingYaml = existing.kind === 'text' ? existing.text : undefined;
  // The default id is the file name; when another walkthrough has it, a new file gets its own.
  let walkthroughId = existingYaml !== undefined ? parseWalkthrough(out, existingYaml).id : defaultWalkthroughId(out);
  let explicitId: string | undefined;
  if (existingYaml === undefined) {
    const taken = new Set(workspace.engine.list().filter((w) => w.file !== out).map((w) => w.spec.id));
    for (let n = 2; taken.has(walkthroughId); n++) walkthroughId = explicitId = `${defaultWalkthroughId(out)}-${n}`;
  }
  const result = await importMemo({
    // Code is read from the disk (saved files), confined to the root; the memo and the existing
    // walkthrough come from their open buffers when they are open.
    fs: deps.codeFs?.(root) ?? new NodeFileSystem({ confineTo: [root] }),
    checkpoint: yieldingCheckpoint(deps.token),
    memoFile,
    memoText: memo.text,
    root,
    outFile: out,
    symbols: workspace.engine.symbols,
    ...(existingYaml !== undefined ? { existingYaml } : {}),
    ...(explicitId !== undefined ? { walkthroughId: explicitId } : {}),
  });
  return {
    yaml: result.yaml,
    out: pathToUri(out),
    exists: existingYaml !== undefined,
    walkthroughId,
    steps: result.steps.length,
    ...(result.merge ? { merge: result.merge } : {}),
    references: result.report,
    ...(result.error ? { error: result.error } : {}),
  };
}

/** A lens on the first line of a markdown file that cites code (not on a walkthrough's own memo only). */
export async function memoImportLenses(workspace: Workspace, file: string): Promise<CodeLens[]> {
  if (!workspace.settings.codeLensEnabled || !isMemoFile(file)) return [];
  if (!workspace.engine.getFolders().some((folder) => isInside(folder, file))) return [];
  const text = await workspace.engine.readText(file);
  if (text.kind !== 'text' || !citesCode(file, text.text)) return [];
  const out = defaultOutFile(file);
  const exists = (await workspace.engine.readText(out)).kind === 'text';
  const icon = workspace.codicons ? '$(wand) ' : '';
  return [
    {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      command: { title: `${icon}${exists ? MESSAGES.lensUpdate : MESSAGES.lens}`, command: ClientCommands.importMemo, arguments: [pathToUri(file)] },
    },
  ];
}

/**
 * Whether a markdown file cites code, remembered per file until its text changes: scanning a memo
 * at the size limit takes seconds, and CodeLens is asked again on every scroll and keystroke.
 */
const citing = new Map<string, { text: string; cites: boolean }>();
const CITING_FILES = 64;

function citesCode(file: string, text: string): boolean {
  const known = citing.get(file);
  if (known && known.text === text) return known.cites;
  const cites = hasCodeReferences(scanMemo(text));
  citing.delete(file);
  citing.set(file, { text, cites });
  if (citing.size > CITING_FILES) citing.delete(citing.keys().next().value!);
  return cites;
}
