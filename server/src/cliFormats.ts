/**
 * The report of `walkthrough check` in the formats CI systems read: SARIF 2.1.0 for code-scanning
 * dashboards, and GitHub Actions workflow commands (`::error file=…::…`) that show problems on a
 * pull request's diff. Pure: a report in, text out. Every message quotes untrusted walkthrough,
 * memo and file-name text, so each is escaped for the place it lands in.
 */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { CheckReport } from './core/check';
import { DIAGNOSTIC_HELP, defaultSeverity } from './core/diagnosticHelp';
import { terminalSafe } from './cliArgs';
import { t } from './core/l10n';
import type { DiagnosticCode, Severity } from './core/types';

export type CheckFormat = 'text' | 'json' | 'sarif' | 'github';
export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'json', 'sarif', 'github'];

const SARIF_LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** `a/b c.yaml` → a relative URI reference (`a/b%20c.yaml`); folders kept. */
function uriOf(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

/**
 * SARIF 2.1.0: one run, one rule per diagnostic code that occurs (id = the code, with help text),
 * one result per diagnostic with its region. `base` is the folder the paths are relative to, as
 * a `%SRCROOT%`-relative prefix (empty when DIR is the repository root).
 */
export function toSarif(report: Pick<CheckReport, 'diagnostics'>, options: { version: string; base?: string }): Log {
  const codes = [...new Set(report.diagnostics.map((d) => d.code))].sort();
  const rules: ReportingDescriptor[] = codes.map((code) => {
    const help = DIAGNOSTIC_HELP[code as DiagnosticCode]?.() ?? code;
    return {
      id: code,
      name: code.replace(/(^|-)([a-z])/g, (_m, _dash: string, c: string) => c.toUpperCase()),
      shortDescription: { text: help },
      fullDescription: { text: help },
      help: { text: help },
      defaultConfiguration: { level: SARIF_LEVEL[defaultSeverity(code as DiagnosticCode)] ?? 'warning' },
    };
  });
  const prefix = options.base ? `${uriOf(options.base).replace(/\/+$/, '')}/` : '';
  const results: Result[] = report.diagnostics.map((d) => {
    const region: NonNullable<NonNullable<Result['locations']>[number]['physicalLocation']>['region'] = { startLine: d.line, startColumn: d.column };
    if (d.endLine !== undefined && d.endColumn !== undefined && (d.endLine > d.line || d.endColumn > d.column)) {
      region.endLine = d.endLine;
      region.endColumn = d.endColumn;
    }
    return {
      ruleId: d.code,
      ruleIndex: codes.indexOf(d.code),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: d.file === '.' ? prefix || './' : `${prefix}${uriOf(d.file)}`, uriBaseId: '%SRCROOT%' }, region } }],
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'walkthrough', version: options.version, rules } },
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
}

/** A workflow command's message: `%`, CR and LF encoded so the text stays one command. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`, which would end the value. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * GitHub Actions annotations, one `::error|warning|notice file=…,line=…,col=…::message` line per
 * diagnostic (paths relative to `base`, the repository root), then a plain summary line. Every
 * line break or control character in untrusted text is escaped, so no message can start a command
 * of its own.
 */
export function toGithub(report: Pick<CheckReport, 'diagnostics'>, options: { base?: string; summary: string }): string {
  const prefix = options.base ? `${options.base.replace(/[\\/]+$/, '')}/` : '';
  const lines = report.diagnostics.map((d) => {
    const file = d.file === '.' ? (prefix || '.') : `${prefix}${d.file}`;
    const props = [`file=${escapeGithubProperty(file)}`, `line=${d.line}`, `col=${d.column}`];
    if (d.endLine !== undefined && d.endColumn !== undefined && d.endLine >= d.line) props.push(`endLine=${d.endLine}`, `endColumn=${d.endColumn}`);
    props.push(`title=${escapeGithubProperty(t('Walkthrough: {0}', d.code))}`);
    // Control characters (line breaks included) shown escaped, as in every CLI output; `%` encoded.
    return `::${GITHUB_COMMAND[d.severity]} ${props.join(',')}::${escapeGithubData(terminalSafe(d.message))} [${d.code}]`;
  });
  lines.push(terminalSafe(options.summary).replace(/^::/, ': :'));
  return `${lines.join('\n')}\n`;
}
