/**
 * The custom LSP messages between the Code Walkthroughs server and its clients.
 * This file is the single source of truth; docs/protocol.md describes the same messages in prose.
 * It imports nothing so that the client can use it without pulling in server code.
 *
 * Positions are LSP positions: 0-based lines and UTF-16 characters. URIs are `file:` URIs.
 */

/** How a step's anchor resolved against the current code. */
export type StepStatus = 'ok' | 'moved' | 'fuzzy' | 'stale' | 'missing' | 'invalid';

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
  /** True when the step asks an interview `question` (additive; absent means no question). */
  hasQuestion?: boolean;
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
  steps: StepSummary[];
}

/** Request `walkthroughs/list`: every walkthrough in the workspace, with resolved steps. */
export const ListWalkthroughsRequest = 'walkthroughs/list';
export type ListWalkthroughsParams = Record<string, never>;
export interface ListWalkthroughsResult {
  walkthroughs: WalkthroughSummary[];
}

/** Request `walkthroughs/step`: one step's full content, for the step card. */
export const StepContentRequest = 'walkthroughs/step';
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
 * Nothing is written; the result reports where each step found its code.
 */
export const ApplyToFolderRequest = 'walkthroughs/applyToFolder';
export interface ApplyToFolderParams {
  /** file: URI of a folder containing *.walkthrough.yaml files. */
  sourceFolder: string;
  /** file: URI of the folder whose code the steps should be resolved against. */
  targetFolder: string;
}
export interface ApplyToFolderResult {
  walkthroughs: WalkthroughSummary[];
}

/** Notification `walkthroughs/didChange` (server → client): walkthroughs, steps or statuses changed. */
export const DidChangeWalkthroughsNotification = 'walkthroughs/didChange';
export type DidChangeWalkthroughsParams = Record<string, never>;

/**
 * Client commands the server refers to in CodeLens and hover links. Arguments are JSON arrays.
 * Only these commands appear in links the server produces.
 */
export const ClientCommands = {
  /** Args: [walkthroughId: string, stepId: string]. Opens the tour at that step. */
  openStep: 'walkthroughs.openStep',
  /** Args: [walkthroughId: string]. Starts (or resumes) a walkthrough. */
  start: 'walkthroughs.start',
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
   * The `walkthroughs` settings at start-up, for clients that cannot answer
   * `workspace/configuration`; a client that can is asked anyway and its answer wins.
   */
  settings?: WalkthroughsSettings;
}

/** The `walkthroughs` configuration section as the server reads it (all default to true). */
export interface WalkthroughsSettings {
  /** CodeLens on code and memo files. */
  codeLens?: { enabled?: boolean };
  /** Hover cards on code files (hovers in walkthrough YAML stay on). */
  hover?: { enabled?: boolean };
  /** Globs, relative to each workspace folder, of walkthrough files. */
  files?: string[];
}
