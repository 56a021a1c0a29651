/** Types shared by the engine. Everything here is plain data: no vscode, no LSP connection. */
import type { StepStatus } from '../../../common/src/protocol';

export type { StepStatus };

/** 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in a walkthrough file (or in what it points at), located in that file. */
export interface Diagnostic {
  /** Absolute path of the file the range is in (a walkthrough YAML file). */
  file: string;
  range: Range;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  /** Which step the diagnostic is about (0-based), if any. */
  stepIndex?: number;
}

export type DiagnosticCode =
  | 'yaml-syntax'
  | 'invalid-type'
  | 'missing-key'
  | 'empty-steps'
  | 'unknown-key'
  | 'invalid-lines'
  | 'lines-out-of-range'
  | 'file-not-found'
  | 'outside-workspace'
  | 'unreadable-file'
  | 'memo-not-found'
  | 'section-not-found'
  | 'section-ambiguous'
  | 'symbol-not-found'
  | 'symbol-ambiguous'
  | 'symbol-unsupported'
  | 'duplicate-step-id'
  | 'duplicate-walkthrough-id'
  | 'next-not-found'
  | 'multiple-primary'
  | 'empty-step'
  | 'anchor-moved'
  | 'anchor-fuzzy'
  | 'anchor-approximate'
  | 'anchor-stale'
  | 'file-moved'
  | 'symbol-renamed'
  | 'lines-only'
  | 'invalid-pattern'
  | 'pattern-not-found'
  | 'codetour-unsupported'
  | 'codetour-history'
  | 'missing-step-id'
  | 'scan-limit'
  | 'claim-not-in-code';

/** A 0-based inclusive line range. */
export interface LineSpan {
  start: number;
  end: number;
}
