/**
 * Publishes the engine's diagnostics for every walkthrough in the workspace (open or not), and
 * clears them for walkthroughs that were fixed or removed. Only changed sets are sent.
 */
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { missingStepIdDiagnostics } from '../core/stepIds';
import type { Diagnostic, Severity } from '../core/types';
import { pathToUri } from './uri';
import type { Workspace } from './workspace';

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

export class DiagnosticsPublisher {
  /** YAML path → the JSON of the diagnostics last sent. */
  private readonly sent = new Map<string, string>();

  constructor(private readonly send: (params: PublishDiagnosticsParams) => void) {}

  publishAll(workspace: Workspace): void {
    const current = new Map<string, LspDiagnostic[]>();
    for (const walkthrough of workspace.engine.list()) {
      const own = workspace.engine.diagnostics(walkthrough.file).filter((d) => d.file === walkthrough.file);
      // Not on a file that does not even parse: the syntax errors come first.
      if (!own.some((d) => d.code === 'yaml-syntax')) own.push(...missingStepIdDiagnostics(walkthrough.spec));
      current.set(walkthrough.file, own.map(toLspDiagnostic));
    }
    for (const [file, diagnostics] of current) {
      const json = JSON.stringify(diagnostics);
      if (this.sent.get(file) === json) continue;
      this.sent.set(file, json);
      this.send({ uri: pathToUri(file), diagnostics });
    }
    for (const file of [...this.sent.keys()]) {
      if (current.has(file)) continue;
      this.sent.delete(file);
      this.send({ uri: pathToUri(file), diagnostics: [] });
    }
  }
}
