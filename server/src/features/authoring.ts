/**
 * Authoring requests: `walkthroughs/edit` computes one edit of walkthrough YAML (add, insert,
 * delete, move, rename, re-anchor, set primary, create, delete a walkthrough) on the texts the
 * engine sees — open buffers included — and returns it as a WorkspaceEdit for the client to
 * apply; `walkthroughs/memoSections`, `walkthroughs/locate` and `walkthroughs/declarations`
 * feed the client's pickers. Nothing here writes a file. The text transforms live in
 * `core/format/authoringEdits.ts`; this file finds the texts and turns results into edits.
 */
import { t } from '../core/l10n';
import type { LoadedWalkthrough } from '../core/engine';
import {
  deleteStep,
  extractStep,
  insertStep,
  insertStepLines,
  minimalEdit,
  moveStep,
  renderWalkthrough,
  setStepKeys,
  setWalkthroughKeys,
  type EditResult,
  type StepDraft as DraftKeys,
} from '../core/format/authoringEdits';
import type { StepKey } from '../core/format/parseWalkthrough';
import { stepLocation, type StepLocation } from '../core/format/stepLocation';
import { sectionReference } from '../core/memo';
import { dirname, innermostFolder, isInside, relativePath, resolvePath } from '../../../common/src/paths';
import { suggestStepId } from '../core/stepIds';
import { describeUnreadable } from '../core/text';
import { isCodeTourFile } from '../../../common/src/walkthroughFiles';
import {
  DeclarationsRequest,
  EditWalkthroughRequest,
  LocateRequest,
  MemoSectionsRequest,
  type CodeSelection,
  type DeclarationsParams,
  type DeclarationsResult,
  type EditWalkthroughResult,
  type LocateResult,
  type MemoSectionsParams,
  type MemoSectionsResult,
  type StepDraft,
  type WalkthroughEdit,
  type WorkspaceEditJson,
} from '../../../common/src/protocol';
import { onRequest } from '../runtime/handlers';
import { pathToUri, uriToPath } from '../runtime/uri';
import type { Workspace } from '../runtime/workspace';

/** Messages of refused operations (one place, for localization). */
export const AUTHORING_ERRORS = {
  get malformed() { return t('The request is malformed.'); },
  noWalkthrough: (id: string) => t('No walkthrough has the id `{0}`.', id),
  noStep: (id: string) => t('The walkthrough has no step `{0}`.', id),
  unreadable: (what: string, why: string) => `${what} ${why}.`,
  get notFileUri() { return t('Only files on disk can be a step’s location.'); },
  get outsideFolder() { return t('The code lies outside the walkthrough’s workspace folder.'); },
  get isWalkthrough() { return t('A walkthrough file cannot be a step’s location.'); },
  get exists() { return t('A file of that name exists already.'); },
  get notWalkthroughName() { return t('This file would not be read as a walkthrough: a new walkthrough is a YAML file whose path matches the `walkthroughs.files` setting (by default `*.walkthrough.yaml`).'); },
  get outsideWorkspace() { return t('The new walkthrough must lie inside a workspace folder.'); },
  get outsideByLink() { return t('The new walkthrough would be written outside the workspace (a symbolic link leads there), or over a link.'); },
  get memoOutside() { return t('The memo lies outside the workspace folder.'); },
  get emptyStep() { return t('The step is empty: give it a code location, or a title, question, points or section.'); },
} as const;

export interface EditContext {
  /** The open document's version (for versioned edits), or null when it is not open. */
  version(uri: string): number | null;
}

type Failure = { error: string };
const fail = (error: string): Failure => ({ error });
const failed = (value: unknown): value is Failure => typeof value === 'object' && value !== null && 'error' in value;

export async function editWalkthrough(ws: Workspace, op: WalkthroughEdit, ctx: EditContext): Promise<EditWalkthroughResult> {
  if (!op || typeof op !== 'object' || typeof op.kind !== 'string') return fail(AUTHORING_ERRORS.malformed);
  const edits = new Edits(ctx);
  switch (op.kind) {
    case 'createWalkthrough':
      return createWalkthrough(ws, op, edits);
    case 'addStep': {
      const w = walkthroughOf(ws, op.walkthroughId);
      if (failed(w)) return w;
      if (op.step !== undefined && (typeof op.step !== 'object' || op.step === null || Array.isArray(op.step))) return fail(AUTHORING_ERRORS.malformed);
      const draft = await draftKeys(ws, w, op.step ?? {});
      if (failed(draft)) return draft;
      // A step with nothing in it would be an empty `- {}` in the file: refused, with the reason.
      if (Object.keys(draft).length === 0) return fail(AUTHORING_ERRORS.emptyStep);
      const index = typeof op.index === 'number' ? Math.min(Math.max(0, Math.floor(op.index)), w.steps.length) : w.steps.length;
      const withId = { ...draft, id: newStepId(draft, index, w.steps.map((s) => s.spec.id)) };
      return edits.apply(ws, w, (text) => insertStep(text, index, withId), index);
    }
    case 'deleteStep': {
      const s = stepOf(ws, op.walkthroughId, op.stepId);
      if (failed(s)) return s;
      return edits.apply(ws, s.walkthrough, (text) => deleteStep(text, s.index));
    }
    case 'moveStep': {
      const s = stepOf(ws, op.walkthroughId, op.stepId);
      if (failed(s)) return s;
      const target = op.toWalkthroughId === undefined ? s.walkthrough : walkthroughOf(ws, op.toWalkthroughId);
      if (failed(target)) return target;
      if (typeof op.toIndex !== 'number') return fail(AUTHORING_ERRORS.malformed);
      if (target.file === s.walkthrough.file) {
        const to = Math.min(Math.max(0, Math.floor(op.toIndex)), s.walkthrough.steps.length - 1);
        return edits.apply(ws, s.walkthrough, (text) => moveStep(text, s.index, to), to);
      }
      return moveAcross(ws, s.walkthrough, s.index, target, op.toIndex, edits);
    }
    case 'updateStep': {
      const s = stepOf(ws, op.walkthroughId, op.stepId);
      if (failed(s)) return s;
      const changes: Partial<Record<StepKey, string | null>> = {};
      for (const key of ['title', 'question', 'points', 'section'] as const) {
        const value = op[key];
        if (value === undefined) continue;
        if (value !== null && typeof value !== 'string') return fail(AUTHORING_ERRORS.malformed);
        changes[key] = value === null || value.trim() === '' ? null : value;
      }
      return edits.apply(ws, s.walkthrough, (text) => setStepKeys(text, s.index, changes), s.index);
    }
    case 'reanchorStep': {
      const s = stepOf(ws, op.walkthroughId, op.stepId);
      if (failed(s)) return s;
      const location = await locate(ws, s.walkthrough.folder, op.location);
      if (failed(location)) return location;
      const changes = { file: relativeFile(s.walkthrough.root, location.file), lines: location.location.lines, anchor: location.location.anchor, symbol: location.location.symbol ?? null };
      return edits.apply(ws, s.walkthrough, (text) => setStepKeys(text, s.index, changes), s.index);
    }
    case 'renameWalkthrough': {
      const w = walkthroughOf(ws, op.walkthroughId);
      if (failed(w)) return w;
      if (typeof op.title !== 'string' || op.title.trim() === '') return fail(AUTHORING_ERRORS.malformed);
      return edits.apply(ws, w, (text) => setWalkthroughKeys(text, { title: op.title.trim() }));
    }
    case 'setPrimary': {
      const w = walkthroughOf(ws, op.walkthroughId);
      if (failed(w)) return w;
      const result = await edits.add(ws, w.file, (text) => setWalkthroughKeys(text, { primary: true }));
      if (failed(result)) return result;
      for (const other of ws.engine.list()) {
        if (other.file === w.file || other.folder !== w.folder || !other.spec.primary) continue;
        const cleared = await edits.add(ws, other.file, (text) => setWalkthroughKeys(text, { primary: null }));
        if (failed(cleared)) return cleared;
      }
      return edits.result();
    }
    case 'deleteWalkthrough': {
      const w = walkthroughOf(ws, op.walkthroughId);
      if (failed(w)) return w;
      edits.changes.push({ kind: 'delete', uri: pathToUri(w.file), options: { ignoreIfNotExists: true } });
      return edits.result();
    }
    default:
      return fail(AUTHORING_ERRORS.malformed);
  }
}

/** Collects the edits of one operation into a WorkspaceEdit. */
class Edits {
  readonly changes: WorkspaceEditJson['documentChanges'] = [];
  constructor(private readonly ctx: EditContext) {}

  async add(ws: Workspace, file: string, transform: (text: string) => EditResult): Promise<Failure | undefined> {
    const text = await readText(ws, file, t('The walkthrough file'));
    if (failed(text)) return text;
    const result = transform(text);
    if (!result.ok) return fail(result.error);
    const edit = minimalEdit(text, result.text);
    const uri = pathToUri(file);
    if (edit) this.changes.push({ textDocument: { uri, version: this.ctx.version(uri) }, edits: [edit] });
    return undefined;
  }

  async apply(ws: Workspace, w: LoadedWalkthrough, transform: (text: string) => EditResult, stepIndex?: number): Promise<EditWalkthroughResult> {
    const failure = await this.add(ws, w.file, transform);
    if (failure) return failure;
    return this.result(stepIndex === undefined ? undefined : { walkthroughUri: pathToUri(w.file), index: stepIndex });
  }

  result(step?: EditWalkthroughResult['step']): EditWalkthroughResult {
    return { edit: { documentChanges: this.changes }, ...(step ? { step } : {}) };
  }
}

async function moveAcross(ws: Workspace, source: LoadedWalkthrough, index: number, target: LoadedWalkthrough, toIndex: number, edits: Edits): Promise<EditWalkthroughResult> {
  const sourceText = await readText(ws, source.file, t('The walkthrough file'));
  if (failed(sourceText)) return sourceText;
  const moved = extractStep(sourceText, index);
  if (!moved.ok) return fail(moved.error);
  const removed = await edits.add(ws, source.file, (text) => deleteStep(text, index));
  if (removed) return removed;
  const to = Math.min(Math.max(0, Math.floor(toIndex)), target.steps.length);
  const spec = source.steps[index]!.spec;
  // Paths are relative to each walkthrough's root and memo: keep them pointing at the same files.
  const keys: Partial<Record<StepKey, string>> = {};
  if (spec.file !== undefined && source.root !== target.root) keys.file = relativeFile(target.root, resolvePath(source.root, spec.file));
  if (spec.memo !== undefined && dirname(source.file) !== dirname(target.file)) keys.memo = relativePath(dirname(target.file), resolvePath(dirname(source.file), spec.memo));
  else if (spec.memo === undefined && spec.section !== undefined && source.memoFile && source.memoFile !== target.memoFile) keys.memo = relativePath(dirname(target.file), source.memoFile);
  const inserted = await edits.add(ws, target.file, (text) => {
    const result = insertStepLines(text, to, moved);
    return result.ok && Object.keys(keys).length > 0 ? setStepKeys(result.text, to, keys) : result;
  });
  if (inserted) return inserted;
  return edits.result({ walkthroughUri: pathToUri(target.file), index: to });
}

async function createWalkthrough(ws: Workspace, op: Extract<WalkthroughEdit, { kind: 'createWalkthrough' }>, edits: Edits): Promise<EditWalkthroughResult> {
  const file = typeof op.uri === 'string' ? uriToPath(op.uri) : undefined;
  if (!file || typeof op.title !== 'string' || op.title.trim() === '') return fail(AUTHORING_ERRORS.malformed);
  // Written as YAML, then loaded only if the globs say it is a walkthrough: refuse what would vanish.
  if (isCodeTourFile(file) || !ws.engine.isWalkthrough(file)) return fail(AUTHORING_ERRORS.notWalkthroughName);
  const folder = innermostFolder(ws.engine.getFolders(), file);
  if (!folder) return fail(AUTHORING_ERRORS.outsideWorkspace);
  // By real path too: a folder that is a link out of the workspace is not written through.
  if (!(await ws.mayWrite(file))) return fail(AUTHORING_ERRORS.outsideByLink);
  if ((await ws.engine.readText(file)).kind !== 'missing') return fail(AUTHORING_ERRORS.exists);
  const yamlDir = dirname(file);
  // Next to other walkthroughs that share a `root`, the new one uses it too.
  const sibling = ws.engine.list().find((w) => dirname(w.file) === yamlDir && w.spec.root !== undefined && w.root !== folder);
  let root = folder;
  let rootText: string | undefined;
  const selection = op.step?.location;
  const selectionPath = selection ? uriToPath(selection.uri) : undefined;
  if (sibling && (!selectionPath || isInside(sibling.root, selectionPath))) {
    root = sibling.root;
    rootText = sibling.spec.root;
  }
  let memo: string | undefined;
  if (op.memoUri !== undefined) {
    const memoFile = typeof op.memoUri === 'string' ? uriToPath(op.memoUri) : undefined;
    if (!memoFile || !isInside(folder, memoFile)) return fail(AUTHORING_ERRORS.memoOutside);
    memo = relativePath(yamlDir, memoFile);
  }
  const pseudo = { folder, root } as LoadedWalkthrough;
  const steps: DraftKeys[] = [];
  if (op.step) {
    const draft = await draftKeys(ws, pseudo, op.step);
    if (failed(draft)) return draft;
    steps.push({ ...draft, id: newStepId(draft, 0, []) });
  }
  const text = renderWalkthrough({ title: op.title.trim(), ...(rootText ? { root: rootText } : {}), ...(memo ? { memo } : {}) }, steps);
  const uri = pathToUri(file);
  edits.changes.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } });
  edits.changes.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] });
  return edits.result(steps.length ? { walkthroughUri: uri, index: 0 } : undefined);
}

/**
 * A recorded step's stable `id` (core/stepIds.ts decides, as for the quick fix), unique among
 * the walkthrough's step ids: practice history and progress then survive reordering, and the
 * new step gets no "missing-step-id" hint.
 */
function newStepId(draft: DraftKeys, index: number, taken: readonly string[]): string {
  return suggestStepId({ index, title: draft.title, symbol: draft.symbol, file: draft.file }, new Set(taken));
}

/** The keys a new step writes, from the client's draft. */
async function draftKeys(ws: Workspace, w: Pick<LoadedWalkthrough, 'folder' | 'root'>, draft: StepDraft): Promise<DraftKeys | Failure> {
  const keys: DraftKeys = {};
  for (const key of ['title', 'section', 'question', 'points'] as const) {
    const value = draft[key];
    if (value !== undefined && typeof value !== 'string') return fail(AUTHORING_ERRORS.malformed);
    if (value !== undefined && value.trim() !== '') keys[key] = value.trim();
  }
  if (draft.location) {
    const location = await locate(ws, w.folder, draft.location);
    if (failed(location)) return location;
    keys.file = relativeFile(w.root, location.file);
    keys.lines = location.location.lines;
    keys.anchor = location.location.anchor;
    if (location.location.symbol) keys.symbol = location.location.symbol;
  }
  return keys;
}

/** The step location of a selection in a code file inside `folder`. */
async function locate(ws: Workspace, folder: string | undefined, selection: CodeSelection): Promise<{ file: string; location: StepLocation } | Failure> {
  if (!selection || typeof selection.uri !== 'string' || !selection.range?.start || !selection.range.end) return fail(AUTHORING_ERRORS.malformed);
  const file = uriToPath(selection.uri);
  if (!file) return fail(AUTHORING_ERRORS.notFileUri);
  const inside = folder ? isInside(folder, file) : ws.engine.getFolders().some((f) => isInside(f, file));
  if (!inside) return fail(AUTHORING_ERRORS.outsideFolder);
  if (ws.engine.isWalkthrough(file)) return fail(AUTHORING_ERRORS.isWalkthrough);
  const text = await readText(ws, file, t('The code file'));
  if (failed(text)) return text;
  const symbols = (await ws.engine.symbols.symbols(file, text))?.symbols ?? [];
  const result = stepLocation(ws.engine.linesOf(text).lines, selection.range, symbols);
  return result.ok ? { file, location: result.location } : fail(result.error);
}

export async function locateSelection(ws: Workspace, selection: CodeSelection): Promise<LocateResult> {
  const result = await locate(ws, undefined, selection);
  if (failed(result)) return { error: result.error };
  return { range: { startLine: result.location.span.start, endLine: result.location.span.end }, anchor: result.location.anchor, ...(result.location.symbol ? { symbol: result.location.symbol } : {}) };
}

export async function memoSections(ws: Workspace, params: MemoSectionsParams): Promise<MemoSectionsResult> {
  let memoFile: string | undefined;
  if (params && typeof params.walkthroughId === 'string') memoFile = ws.engine.byId(params.walkthroughId)?.memoFile;
  else if (params && typeof params.memoUri === 'string') {
    const file = uriToPath(params.memoUri);
    if (file && ws.engine.getFolders().some((f) => isInside(f, file))) memoFile = file;
  }
  if (!memoFile) return { sections: [] };
  const memo = await ws.engine.readMemo(memoFile);
  if (!('sections' in memo)) return { memoUri: pathToUri(memoFile), sections: [] };
  return {
    memoUri: pathToUri(memoFile),
    sections: memo.sections.map((section) => ({
      heading: section.heading,
      level: section.level,
      line: section.line,
      reference: sectionReference(memo, section),
      preview: section.body.split('\n').slice(0, 8).join('\n'),
    })),
  };
}

export async function declarations(ws: Workspace, params: DeclarationsParams): Promise<DeclarationsResult> {
  const result: DeclarationsResult = { declarations: [] };
  for (const uri of (Array.isArray(params?.uris) ? params.uris : []).slice(0, 100)) {
    const file = typeof uri === 'string' ? uriToPath(uri) : undefined;
    if (!file || !ws.engine.getFolders().some((f) => isInside(f, file)) || !ws.engine.symbols.supports(file)) continue;
    const text = await ws.engine.readText(file);
    if (text.kind !== 'text') continue;
    for (const symbol of (await ws.engine.symbols.symbols(file, text.text))?.symbols ?? []) {
      result.declarations.push({ uri, name: symbol.name, kind: symbol.kind, range: { startLine: symbol.span.start, endLine: symbol.span.end } });
    }
  }
  return result;
}

function walkthroughOf(ws: Workspace, id: unknown): LoadedWalkthrough | Failure {
  if (typeof id !== 'string') return fail(AUTHORING_ERRORS.malformed);
  return ws.engine.byId(id) ?? fail(AUTHORING_ERRORS.noWalkthrough(id));
}

function stepOf(ws: Workspace, walkthroughId: unknown, stepId: unknown): { walkthrough: LoadedWalkthrough; index: number } | Failure {
  if (typeof walkthroughId !== 'string' || typeof stepId !== 'string') return fail(AUTHORING_ERRORS.malformed);
  const found = ws.findStep(walkthroughId, stepId);
  if (!found) return fail(ws.engine.byId(walkthroughId) ? AUTHORING_ERRORS.noStep(stepId) : AUTHORING_ERRORS.noWalkthrough(walkthroughId));
  return { walkthrough: found.walkthrough, index: found.step.spec.index };
}

async function readText(ws: Workspace, file: string, what: string): Promise<string | Failure> {
  const text = await ws.engine.readText(file);
  return text.kind === 'text' ? text.text : fail(AUTHORING_ERRORS.unreadable(what, describeUnreadable(text)));
}

/** A step's `file`: relative to the root, with forward slashes. */
function relativeFile(root: string, file: string): string {
  return relativePath(root, file);
}

// Authoring: the server computes every YAML edit; the client applies it (undoable).
export const editWalkthroughHandler = onRequest(EditWalkthroughRequest, async (params, server, token) => {
  const ws = await server.workspaceReady(token);
  // Match by path: the client may spell the same file's URI differently (percent-encoding).
  const version = (uri: string) => {
    const file = uriToPath(uri);
    return server.documents.all().find((d) => uriToPath(d.uri) === file)?.version ?? null;
  };
  return editWalkthrough(ws, params, { version });
});

export const memoSectionsHandler = onRequest(MemoSectionsRequest, async (params, server, token) => memoSections(await server.workspaceReady(token), params));

export const locateHandler = onRequest(LocateRequest, async (params, server, token) => locateSelection(await server.workspaceReady(token), params));

export const declarationsHandler = onRequest(DeclarationsRequest, async (params, server, token) => declarations(await server.workspaceReady(token), params));
