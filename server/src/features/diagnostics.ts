/**
 * Publishes the engine's diagnostics for every walkthrough in the workspace (open or not), and
 * clears them for walkthroughs that were fixed or removed. Only changed sets are sent.
 */
import {
  DiagnosticSeverity,
  DocumentDiagnosticRequest,
  WorkspaceDiagnosticRequest,
  type Diagnostic as LspDiagnostic,
  type DocumentDiagnosticReport,
  type PublishDiagnosticsParams,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { missingStepIdDiagnostics } from '../core/stepIds';
import type { Diagnostic, Severity } from '../core/types';
import { pathToUri, uriToPath } from '../runtime/uri';
import type { WalkthroughEngine } from '../core/engine';
import { onRequest } from '../runtime/handlers';

export const DIAGNOSTIC_SOURCE = 'walkthroughs';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toLspDiagnostic(diagnostic: Diagnostic): LspDiagnostic {
  const result: LspDiagnostic = {
    range: diagnostic.range,
    severity: SEVERITY[diagnostic.severity],
    code: diagnostic.code,
    source: DIAGNOSTIC_SOURCE,
    message: diagnostic.message,
  };
  if (diagnostic.stepIndex !== undefined) result.data = { stepIndex: diagnostic.stepIndex };
  return result;
}

/** One walkthrough file's current diagnostics and the id of that result (pull diagnostics). */
export interface DiagnosticReport {
  resultId: string;
  items: LspDiagnostic[];
}

/**
 * The diagnostics of every walkthrough (open or not), recomputed only for the files a change
 * touched. `update` says which reports changed; push clients get those sent, pull clients a
 * refresh, and a pull whose `previousResultId` is still current is answered `unchanged`.
 */
export class DiagnosticReports {
  private readonly reports = new Map<string, DiagnosticReport & { json: string }>();
  /** What other walkthroughs' diagnostics depend on (id, next, primary, folder), per file. */
  private readonly identities = new Map<string, string>();
  /** Result ids must not repeat across server restarts: a client may keep an old one. */
  private readonly prefix = Date.now().toString(36);
  private counter = 0;

  constructor(private readonly engine: WalkthroughEngine) {}

  /**
   * Recomputes the reports of `affected` walkthrough files (every walkthrough when undefined) and
   * returns the files whose report changed; a removed walkthrough's report is dropped.
   */
  update(affected?: readonly string[]): string[] {
    const changed = new Set<string>();
    let everything = affected === undefined;
    for (const file of affected ?? this.allFiles()) {
      if (this.refresh(file)) changed.add(file);
      // Duplicate ids, `next` and `primary` are judged across walkthroughs: when one of those
      // changes, the others' reports may change too (rare: an edit of the YAML's header).
      const identity = this.identity(file);
      if (identity !== this.identities.get(file)) {
        everything = true;
        if (identity === undefined) this.identities.delete(file);
        else this.identities.set(file, identity);
      }
    }
    if (everything && affected !== undefined) {
      const done = new Set(affected);
      for (const file of this.allFiles()) if (!done.has(file) && this.refresh(file)) changed.add(file);
    }
    return [...changed];
  }

  get(file: string): DiagnosticReport | undefined {
    return this.reports.get(file);
  }

  files(): string[] {
    return [...this.reports.keys()];
  }

  private allFiles(): string[] {
    return [...new Set([...this.engine.list().map((w) => w.file), ...this.reports.keys()])];
  }

  private identity(file: string): string | undefined {
    const walkthrough = this.engine.get(file);
    if (!walkthrough) return undefined;
    const { spec } = walkthrough;
    return JSON.stringify([spec.id, spec.next ?? null, spec.primary, walkthrough.folder]);
  }

  /** Recomputes one file's report; true when it changed. */
  private refresh(file: string): boolean {
    const walkthrough = this.engine.get(file);
    if (!walkthrough) return this.reports.delete(file);
    const own = this.engine.diagnostics(file).filter((d) => d.file === file);
    // Not on a file that does not even parse: the syntax errors come first.
    if (!own.some((d) => d.code === 'yaml-syntax')) own.push(...missingStepIdDiagnostics(walkthrough.spec));
    const items = own.map(toLspDiagnostic);
    const json = JSON.stringify(items);
    if (this.reports.get(file)?.json === json) return false;
    this.reports.set(file, { resultId: `${this.prefix}-${++this.counter}`, items, json });
    return true;
  }
}

/** Push diagnostics (clients without pull): sends the changed reports, empty ones for removed files. */
export function publishChanged(reports: DiagnosticReports, changed: readonly string[], send: (params: PublishDiagnosticsParams) => void): void {
  for (const file of changed) send({ uri: pathToUri(file), diagnostics: reports.get(file)?.items ?? [] });
}

// Pull diagnostics: a report per walkthrough file, `unchanged` while its result id is current.
// VS Code pulls after every keystroke in any open file: pulls answer what is resolved and leave
// the typing debounce alone; the refresh after the debounced re-resolution brings the rest.
export const documentDiagnosticHandler = onRequest(DocumentDiagnosticRequest.type, async (params, server, token): Promise<DocumentDiagnosticReport> => {
  const r = await server.documentReady(params.textDocument.uri, token, 'leave');
  const report = r ? server.reports?.get(r.file) : undefined;
  if (!report) return { kind: 'full', items: [] };
  if (params.previousResultId === report.resultId) return { kind: 'unchanged', resultId: report.resultId };
  return { kind: 'full', resultId: report.resultId, items: report.items };
});

// Closed walkthrough files too (the Problems panel); files gone since the last pull get empty reports.
export const workspaceDiagnosticHandler = onRequest(WorkspaceDiagnosticRequest.type, async (params, server, token) => {
  await server.workspaceReady(token, 'leave');
  const previous = new Map<string, string>();
  for (const { uri, value } of params.previousResultIds) {
    const file = uriToPath(uri);
    if (file !== undefined) previous.set(file, value);
  }
  const items: WorkspaceDocumentDiagnosticReport[] = [];
  const reports = server.reports;
  for (const file of reports?.files() ?? []) {
    const report = reports!.get(file)!;
    const uri = pathToUri(file);
    items.push(previous.get(file) === report.resultId ? { kind: 'unchanged', uri, version: null, resultId: report.resultId } : { kind: 'full', uri, version: null, resultId: report.resultId, items: report.items });
    previous.delete(file);
  }
  for (const file of previous.keys()) items.push({ kind: 'full', uri: pathToUri(file), version: null, items: [] });
  return { items };
});
