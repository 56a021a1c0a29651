/**
 * The custom LSP messages between the Code Walkthroughs server and its clients, for both sides.
 * This file is the single source of truth; docs/protocol.md describes the same messages in prose.
 * Each message is declared once, as a `RequestType<Params, Result, void>` or a
 * `NotificationType<Params>`: the server registers its handler with that object and the client
 * sends with it, so neither restates the params/result pair (rust-analyzer's `lsp_ext.ts` does the
 * same). It imports only the JSON-RPC message types, which client and server both load anyway.
 *
 * Positions are LSP positions: 0-based lines and UTF-16 characters. URIs are `file:` URIs.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/**
 * How a step's anchor resolved against the current code. `approximate`: the anchor text is gone
 * but the step's symbol exists; the step sits on the symbol's most similar lines, a guess to
 * confirm (not a ✓).
 */
export type StepStatus = 'ok' | 'moved' | 'fuzzy' | 'approximate' | 'stale' | 'missing' | 'invalid';

export interface LineRange {
  /** 0-based first line. */
  startLine: number;
  /** 0-based last line, inclusive. */
  endLine: number;
}

export interface StepSummary {
  /** The step's `id`, or its 1-based index as a string. */
  id: string;
  /** 0-based position in the walkthrough. */
  index: number;
  title: string;
  status: StepStatus;
  /** Why the status is what it is (for moved, fuzzy, stale, missing, invalid). */
  statusMessage?: string;
  /** The code file the step points into, when it has one and it resolved. */
  uri?: string;
  /** The current (resolved) range in `uri`. */
  range?: LineRange;
  /** True for steps without a code location (only talking points). */
  contentOnly: boolean;
  /**
   * For a stale step: the most similar lines that were found anyway (below the fuzzy threshold),
   * for "Go to Closest Match". Added after the first version; optional.
   */
  closest?: LineRange;
  /** True when the step asks an interview `question` (additive; absent means no question). */
  hasQuestion?: boolean;
  /**
   * A CodeTour line step repaired from history: the commit its code was read at, when the tour
   * was written (additive; absent: not repaired).
   */
  repairedFrom?: string;
  /**
   * Claims of the talking points that the step's code does not bear out, as shown
   * (`` `mutex.LockContext(ctx)` ``, `` `Commit` → `Unlock` ``). Additive; absent means none.
   */
  unconfirmed?: string[];
}

export interface WalkthroughSummary {
  id: string;
  title: string;
  description?: string;
  /** The walkthrough YAML file. */
  uri: string;
  primary: boolean;
  /** Id of the walkthrough that follows this one. */
  next?: string;
  /** `false`: the steps are not in the daily practice (`practice: false`, e.g. a review walkthrough). Added later; additive. */
  practice?: false;
  /** `codetour` for a CodeTour `.tour` file read as a walkthrough. Added later; additive. */
  format?: 'codetour';
  /** A CodeTour tour's git ref (its steps are shown on the working tree). Added later; additive. */
  ref?: string;
  /** The memo file (`memo:`), whether or not it exists; pickers group walkthroughs by it. Added later; additive. */
  memoUri?: string;
  /** The URI of the CodeTour `.tour` this walkthrough was converted from (its `convertedFrom`). Additive. */
  convertedFrom?: string;
  steps: StepSummary[];
}

/** Request `walkthroughs/list`: every walkthrough in the workspace, with resolved steps. */
export const ListWalkthroughsRequest = new RequestType<ListWalkthroughsParams, ListWalkthroughsResult, void>('walkthroughs/list');
export interface ListWalkthroughsParams {
  /** Only these walkthroughs (their YAML URIs, as in `walkthroughs/didChange`); absent: all of them. */
  uris?: string[];
}
export interface ListWalkthroughsResult {
  walkthroughs: WalkthroughSummary[];
}

/** Request `walkthroughs/step`: one step's full content, for the step card. */
export const StepContentRequest = new RequestType<StepContentParams, StepContentResult, void>('walkthroughs/step');
export interface StepContentParams {
  walkthroughId: string;
  stepId: string;
}
export interface StepRef {
  id: string;
  title: string;
}
export interface StepContent {
  walkthrough: { id: string; title: string; uri: string };
  step: StepSummary;
  /** 1-based position and the step count, e.g. 3 of 6. */
  position: number;
  total: number;
  /** The interview question, markdown (untrusted: render without HTML). */
  question?: string;
  /** Talking points, markdown: the memo section body and/or inline `points`. */
  points?: string;
  /** The cited memo heading, when the step cites one. */
  section?: { heading: string; uri: string; line: number };
  previous?: StepRef;
  next?: StepRef;
  /** The walkthrough named by `next:`, offered after the last step. */
  nextWalkthrough?: { id: string; title: string };
}
/** `null` when the walkthrough or step does not exist. */
export type StepContentResult = StepContent | null;

/**
 * Request `walkthroughs/applyToFolder`: resolve the walkthroughs found under `sourceFolder`
 * (e.g. the ones bundled with the extension) against another folder's code, with `root` set to
 * `targetFolder`. Used by "Apply Bundled Walkthroughs to This Folder" (bring your own repo).
 * The server writes nothing; the result reports where each step found its code and, when
 * `copyTo` is given, the texts of the copies the client may write there after the user confirms.
 */
export const ApplyToFolderRequest = new RequestType<ApplyToFolderParams, ApplyToFolderResult, void>('walkthroughs/applyToFolder');
export interface ApplyToFolderParams {
  /** file: URI of a folder containing *.walkthrough.yaml files. */
  sourceFolder: string;
  /** file: URI of the folder whose code the steps should be resolved against. */
  targetFolder: string;
  /**
   * file: URI of a folder inside `targetFolder` where copies would be written. Added after the
   * first version; optional.
   */
  copyTo?: string;
}
export interface ApplyToFolderResult {
  walkthroughs: WalkthroughSummary[];
  /**
   * With `copyTo`: the files to write there, paths relative to `copyTo` with `/`. Walkthrough
   * copies have `root` pointing at `targetFolder` and the files and lines where steps found their
   * code; the memos they cite are copied as they are.
   */
  copies?: ApplyCopy[];
  /** Set when the copies may not be written (their folder leads out of the workspace); `copies` is then empty. */
  error?: string;
}
export interface ApplyCopy {
  path: string;
  text: string;
}

/**
 * Request `walkthroughs/importMemo`: a walkthrough made from the code references of a markdown
 * memo, placed on the current code (what `walkthrough import` does). Nothing is written: the
 * client previews `yaml` and writes it to `out` when the user confirms. When `out` exists, `yaml`
 * is that file updated in place (the user's titles, questions and points kept).
 */
export const ImportMemoRequest = new RequestType<ImportMemoParams, ImportMemoResult, void>('walkthroughs/importMemo');
export interface ImportMemoParams {
  /** file: URI of the memo (inside a workspace folder). */
  memo: string;
  /** file: URI of the folder of the code; default: the workspace folder holding the memo. */
  root?: string;
  /** file: URI of the walkthrough to write; default: `<memo>.walkthrough.yaml` beside the memo. */
  out?: string;
}
/** One code reference found in the memo and where it landed (or why not). Lines are 1-based, for display. */
export interface ImportMemoReference {
  /** 1-based memo line. */
  memoLine: number;
  kind: 'link' | 'path' | 'name' | 'line' | 'snippet';
  /** The reference as written (untrusted text). */
  reference: string;
  placed: boolean;
  /**
   * How it was placed: `path + declaration`, `declaration`, `text`, `snippet (exact)`, `snippet (fuzzy 83%)`, `path`, `file`;
   * also (translated) "declaration near the path" (the path's file lacks it), "path/file (file name only)" (a weak match),
   * "text (ignoring case)".
   */
  how?: string;
  /** The code file, relative to the root. */
  file?: string;
  startLine?: number;
  endLine?: number;
  symbol?: string;
  /** Id of the step it produced (or that already covers the same code). */
  step?: string;
  /** Why it was not placed, or a note. */
  reason?: string;
}
export interface ImportMemoResult {
  /** The walkthrough to write (untrusted content: show it as text). */
  yaml: string;
  /** file: URI the walkthrough is meant for, and whether it exists already. */
  out: string;
  exists: boolean;
  /** The id the walkthrough will have once written. */
  walkthroughId: string;
  steps: number;
  /** On re-import: steps updated in place, added, and kept (no longer in the memo). */
  /** `deleted`: references imported before whose steps the user deleted; they are not added again. */
  merge?: { updated: number; added: number; kept: number; deleted?: number };
  references: ImportMemoReference[];
  /** Set when nothing should be written (the memo cannot be read, the existing file does not parse, a path leaves the workspace). */
  error?: string;
}

/**
 * Request `walkthroughs/convertTour`: the `*.walkthrough.yaml` text for a loaded CodeTour tour,
 * its steps anchored to their current code. Nothing is written: the client creates the file.
 * `null` when `uri` is not a loaded tour. Added later; additive.
 */
export const ConvertTourRequest = new RequestType<ConvertTourParams, ConvertTourResult | null, void>('walkthroughs/convertTour');
export interface ConvertTourParams {
  /** file: URI of the `.tour` file. */
  uri: string;
  /** file: URI the walkthrough will be written to (decides `root:`); default `defaultUri`. */
  targetUri?: string;
}
export interface ConvertTourResult {
  text: string;
  /** `<workspace folder>/<tour name>.walkthrough.yaml`. */
  defaultUri: string;
  /** Steps that could not be anchored, one sentence each. */
  notes: string[];
  /** Line steps whose code was read in git history, one sentence each (additive; absent: none). */
  repaired?: string[];
  /** Why git history could not help (line steps may have drifted); additive. */
  historyWarning?: string;
}

/**
 * Request `walkthroughs/export`: one walkthrough as a Markdown or self-contained HTML document
 * (question, talking points, code with file:line per step). Nothing is written. `null` when no
 * walkthrough has the id. Added later; additive.
 */
export const ExportWalkthroughRequest = new RequestType<ExportWalkthroughParams, ExportWalkthroughResult | null, void>('walkthroughs/export');
export interface ExportWalkthroughParams {
  walkthroughId: string;
  format: 'md' | 'html';
}
export interface ExportWalkthroughResult {
  text: string;
  /** Code files whose excerpts come from an editor with unsaved changes (relative paths); added later. */
  unsaved?: string[];
}

/**
 * Request `walkthroughs/exportAnki`: practice cards for Anki — the steps of the given walkthroughs
 * (every walkthrough when the list is empty) as one file in Anki's text-import format, one note per
 * step with a GUID from walkthrough id + step id. Nothing is written. Added later; additive.
 */
export const ExportAnkiRequest = new RequestType<ExportAnkiParams, ExportAnkiResult, void>('walkthroughs/exportAnki');
export interface ExportAnkiParams {
  walkthroughIds: string[];
}
export interface ExportAnkiResult {
  text: string;
  notes: number;
}

/**
 * Request `walkthroughs/review`: a review walkthrough of what changed in a workspace folder's git
 * repository since `base` (default: the upstream, else the default branch) — one step per
 * declaration touched, in the order of the diff. When `targetUri` exists, its text is updated in
 * place (the author's titles, points and questions kept). Nothing is written. Added later; additive.
 */
export const ReviewRequest = new RequestType<ReviewParams, ReviewResult, void>('walkthroughs/review');
export interface ReviewParams {
  folderUri: string;
  base?: string;
  /** file: URI of the walkthrough to write or update; default `defaultUri` of the result. */
  targetUri?: string;
}
export type ReviewResult =
  | { ok: true; text: string; defaultUri: string; exists: boolean; base: string; steps: number; added: number; updated: number; dropped: number }
  | { ok: false; message: string };

// ---------------------------------------------------------------------------------------------
// Authoring: the server computes every edit to walkthrough YAML; the client only applies it.

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** A selection in a code file: the place a step is added at or re-anchored to. */
export interface CodeSelection {
  uri: string;
  /** Empty: the cursor's line. */
  range: Range;
}

/** What a new step says; every field is optional. */
export interface StepDraft {
  location?: CodeSelection;
  /** A memo section reference as `section:` takes it (see `walkthroughs/memoSections`). */
  section?: string;
  title?: string;
  question?: string;
  points?: string;
}

/** One authoring operation. Steps are named by walkthrough id and step id (as in `walkthroughs/list`). */
export type WalkthroughEdit =
  /** `index`: 0-based place of the new step; default the end. */
  | { kind: 'addStep'; walkthroughId: string; index?: number; step: StepDraft }
  /** A new walkthrough file at `uri` (must not exist), with `title`, optional `memo` and a first step. */
  | { kind: 'createWalkthrough'; uri: string; title: string; memoUri?: string; step?: StepDraft }
  | { kind: 'deleteStep'; walkthroughId: string; stepId: string }
  /** `toIndex`: the step's 0-based place afterwards, in `toWalkthroughId` (default: the same walkthrough). */
  | { kind: 'moveStep'; walkthroughId: string; stepId: string; toIndex: number; toWalkthroughId?: string }
  /** A string sets the key, `null` removes it, an absent key stays as it is. */
  | { kind: 'updateStep'; walkthroughId: string; stepId: string; title?: string | null; question?: string | null; points?: string | null; section?: string | null }
  /** Sets `file`, `lines`, `anchor` and `symbol` (removed when no declaration encloses the selection). */
  | { kind: 'reanchorStep'; walkthroughId: string; stepId: string; location: CodeSelection }
  | { kind: 'renameWalkthrough'; walkthroughId: string; title: string }
  /** `primary: true` here, removed from the other walkthroughs of the same workspace folder. */
  | { kind: 'setPrimary'; walkthroughId: string }
  | { kind: 'deleteWalkthrough'; walkthroughId: string };

/** The subset of LSP's `WorkspaceEdit` the server produces: always `documentChanges`. */
export interface WorkspaceEditJson {
  documentChanges: Array<
    | { textDocument: { uri: string; version: number | null }; edits: Array<{ range: Range; newText: string }> }
    | { kind: 'create'; uri: string; options?: { overwrite?: boolean; ignoreIfExists?: boolean } }
    | { kind: 'delete'; uri: string; options?: { recursive?: boolean; ignoreIfNotExists?: boolean } }
  >;
}

/**
 * Request `walkthroughs/edit`: computes one authoring operation on the current texts (open
 * buffers included) and returns the edit, which the client applies (one undoable step). Nothing
 * is written by the server. `error` explains a refused operation (nothing to apply then).
 */
export const EditWalkthroughRequest = new RequestType<EditWalkthroughParams, EditWalkthroughResult, void>('walkthroughs/edit');
export type EditWalkthroughParams = WalkthroughEdit;
export interface EditWalkthroughResult {
  edit?: WorkspaceEditJson;
  error?: string;
  /** Where the added, moved or re-anchored step is after the edit. */
  step?: { walkthroughUri: string; index: number };
}

/** Request `walkthroughs/memoSections`: the headings of a walkthrough's memo (or of a memo file), for pickers. */
export const MemoSectionsRequest = new RequestType<MemoSectionsParams, MemoSectionsResult, void>('walkthroughs/memoSections');
export interface MemoSectionsParams {
  walkthroughId?: string;
  /** A memo file, when no walkthrough names it yet (a new walkthrough). */
  memoUri?: string;
}
export interface MemoSectionInfo {
  heading: string;
  level: number;
  /** 0-based line of the heading. */
  line: number;
  /** What to write in `section:` (the heading, or `#slug` when the heading text is not unique). */
  reference: string;
  /** The first lines of the section's body, plain markdown (untrusted). */
  preview: string;
}
export interface MemoSectionsResult {
  memoUri?: string;
  sections: MemoSectionInfo[];
}

/** Request `walkthroughs/locate`: what a step at this selection would write (preview, checks). */
export const LocateRequest = new RequestType<LocateParams, LocateResult, void>('walkthroughs/locate');
export type LocateParams = CodeSelection;
export interface LocateResult {
  /** 0-based inclusive lines, `anchor` text and the enclosing declaration. */
  range?: LineRange;
  anchor?: string;
  symbol?: string;
  error?: string;
}

/** Request `walkthroughs/declarations`: declarations of code files (from the parser), for "pick a symbol". */
export const DeclarationsRequest = new RequestType<DeclarationsParams, DeclarationsResult, void>('walkthroughs/declarations');
export interface DeclarationsParams {
  uris: string[];
}
export interface DeclarationsResult {
  declarations: Array<{ uri: string; name: string; kind: string; range: LineRange }>;
}

/** Notification `walkthroughs/didChange` (server → client): walkthroughs, steps or statuses changed. */
export const DidChangeWalkthroughsNotification = new NotificationType<DidChangeWalkthroughsParams>('walkthroughs/didChange');
export interface DidChangeWalkthroughsParams {
  /** Walkthroughs (YAML URIs) whose summaries changed or that appeared: refetch them with `walkthroughs/list { uris }`. */
  changed: string[];
  /** Walkthroughs that are gone. */
  removed: string[];
  /** The list's membership or order may have changed: refetch the whole list. */
  full?: true;
}

/**
 * Client commands the server refers to in CodeLens and hover links. Arguments are JSON arrays.
 * Only these commands appear in links the server produces.
 */
export const ClientCommands = {
  /** Args: [walkthroughId: string, stepId: string]. Opens the tour at that step. */
  openStep: 'walkthroughs.openStep',
  /** Args: [walkthroughId: string]. Starts (or resumes) a walkthrough. */
  start: 'walkthroughs.start',
  /** Args: [memoUri: string]. "Create Walkthrough from Memo…": preview, write, offer to start. */
  importMemo: 'walkthroughs.importMemo',
  /** Args: [memoUri: string, sectionReference: string]. Adds a step citing that memo section (memo CodeLens). */
  addStepForSection: 'walkthroughs.addStepForSection',
  /**
   * Args: [steps: Array<[walkthroughId: string, stepId: string]>]. Lets the user pick one of several
   * steps (a summary CodeLens over steps of several walkthroughs) and opens the tour there.
   */
  chooseStep: 'walkthroughs.chooseStep',
} as const;

/**
 * `initializationOptions` the server understands (all optional). Added after the first version
 * of this file; additive.
 */
export interface InitializationOptions {
  /**
   * Use VS Code codicons such as `$(book)` in CodeLens titles. Default: true when the client
   * reports itself as VS Code (or a fork), false otherwise (Neovim, Helix, … show plain text).
   */
  codicons?: boolean;
  /**
   * The language of the server's messages (`en`, `zh-cn`, any spelling `initialize.locale` accepts).
   * Wins over `initialize.locale`, which is the client's display language: the VS Code extension
   * sends its `walkthroughs.language` here.
   */
  locale?: string;
  /**
   * The `walkthroughs` settings at start-up, for clients that cannot answer
   * `workspace/configuration`; a client that can is asked anyway and its answer wins.
   */
  settings?: WalkthroughsSettings;
  /**
   * A folder the server may keep code parses in between sessions (issue 25): the VS Code
   * extension sends its workspace storage (`context.storageUri`). Absent: nothing is kept.
   */
  cacheDir?: string;
}

/**
 * Which CodeLens the server returns on code and memo files: `all` steps; a `summary` (one lens per
 * group of overlapping step ranges, only the running tour's steps while one runs); only the
 * `activeTour`'s steps; or `off`. Default when a client sends none: `all`.
 */
export type CodeLensMode = 'all' | 'summary' | 'activeTour' | 'off';

/**
 * Notification `walkthroughs/setActiveTour` (client → server): the tour now running, or `null`
 * when none runs. Used by the CodeLens modes `summary` and `activeTour`; the server answers with
 * a CodeLens refresh when the client supports it.
 */
export const SetActiveTourNotification = new NotificationType<SetActiveTourParams>('walkthroughs/setActiveTour');
export interface SetActiveTourParams {
  walkthroughId: string | null;
}

/** The `walkthroughs` configuration section as the server reads it (booleans default to true). */
export interface WalkthroughsSettings {
  /** CodeLens on code and memo files (`enabled: false` is the same as `mode: 'off'`). */
  codeLens?: { enabled?: boolean; mode?: CodeLensMode };
  /** Hover cards on code files (hovers in walkthrough YAML stay on). */
  hover?: { enabled?: boolean };
  /** Globs, relative to each workspace folder, of walkthrough files. */
  files?: string[];
  /** `showConvertedTours`: a tour named by a walkthrough's `convertedFrom` is shown beside it (default: left out). */
  codeTour?: { showConvertedTours?: boolean };
}

/**
 * Requests `walkthroughs/fs/stat`, `walkthroughs/fs/readFile`, `walkthroughs/fs/readDirectory`
 * (server → client), sent only by the browser build (browserServer.ts): there the server has no
 * disk and reads the workspace through the client's `vscode.workspace.fs` (any scheme: github.dev's
 * `vscode-vfs:`, `memfs:`, …). A file that does not exist answers `null` (stat, readFile) or `[]`
 * (readDirectory). File contents are a `Uint8Array`: the browser transports (in memory or a
 * worker's postMessage) carry it as it is.
 */
export interface FsParams {
  uri: string;
}
export type FsStatResult = { type: 'file' | 'directory'; size: number } | null;
export type FsReadFileResult = Uint8Array | null;
export type FsReadDirectoryResult = Array<[name: string, kind: 'file' | 'directory']>;
export const FsStatRequest = new RequestType<FsParams, FsStatResult, void>('walkthroughs/fs/stat');
export const FsReadFileRequest = new RequestType<FsParams, FsReadFileResult, void>('walkthroughs/fs/readFile');
export const FsReadDirectoryRequest = new RequestType<FsParams, FsReadDirectoryResult, void>('walkthroughs/fs/readDirectory');
