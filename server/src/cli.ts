/**
 * `walkthrough check [DIR] [--json] [--fix]`: checks every walkthrough under DIR the way CI would.
 * Exit 0 when every step resolves (ok, moved, fuzzy) and there is no error; 1 otherwise; 2 for usage.
 */
import * as path from 'node:path';
import { replaceFileAtomically } from './core/atomicWrite';
import { checkWorkspace, fixMovedLines, type CheckReport, type FileFix } from './core/check';
import { MAX_SCANNED_FILES } from './core/discover';
import { NodeFileSystem } from './core/nodeFileSystem';

const USAGE = `Usage: walkthrough check [DIR] [--json] [--fix] [--max-files=N]

Checks every *.walkthrough.yaml under DIR (default: the current folder).
  --json   print a machine-readable report
  --fix    rewrite out-of-date \`lines\` hints of moved steps (YAML only; comments and layout kept)
  --max-files=N  look at up to N files when searching walkthroughs (default ${MAX_SCANNED_FILES}); more is an error
Exit status: 0 all steps resolve, 1 a step is stale/missing/invalid or an error exists, 2 usage error.`;

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  if (flags.has('--help') || args[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const maxFilesFlag = [...flags].find((f) => f.startsWith('--max-files='));
  const maxFiles = maxFilesFlag === undefined ? undefined : Number(maxFilesFlag.slice('--max-files='.length));
  const badMaxFiles = maxFiles !== undefined && !(Number.isSafeInteger(maxFiles) && maxFiles > 0);
  const unknown = [...flags].filter((f) => f !== '--json' && f !== '--fix' && (f !== maxFilesFlag || badMaxFiles));
  if (args[0] !== 'check' || args.length > 2 || unknown.length > 0) {
    process.stderr.write(`${unknown.length ? `Unknown option ${unknown.join(', ')}\n` : ''}${USAGE}\n`);
    return 2;
  }
  const dir = path.resolve(args[1] ?? '.');
  const fs = new NodeFileSystem({ confineTo: [dir] });
  if ((await fs.readDirectory(dir)).length === 0 && !(await isDirectory(dir))) {
    process.stderr.write(`walkthrough: ${dir} is not a folder\n`);
    return 2;
  }

  const options = maxFiles === undefined ? {} : { maxFiles };
  let report = await checkWorkspace(fs, dir, options);
  let fixFailed = false;
  if (flags.has('--fix')) {
    const fixes = await fixMovedLines(report, replaceFileAtomically);
    for (const fix of fixes) process.stderr.write(describeFix(fix, path.relative(dir, fix.file)));
    fixFailed = fixes.some((fix) => fix.outcome !== 'written' && fix.outcome !== 'nothing');
    if (fixes.some((fix) => fix.outcome === 'written')) report = await checkWorkspace(fs, dir, options);
  }
  process.stdout.write(flags.has('--json') ? `${JSON.stringify(toJson(report), null, 2)}\n` : humanReport(report));
  return report.failed || fixFailed ? 1 : 0;
}

/** What --fix did to one file, one line per fact, on stderr. */
function describeFix(fix: FileFix, file: string): string {
  const lines = fix.skipped.map((s) => `${file}:${s.line}:${s.column}: skipped step \`${s.stepId}\`: ${s.reason}`);
  switch (fix.outcome) {
    case 'written':
      lines.push(`fixed ${fix.fixed} \`lines\` hint${fix.fixed === 1 ? '' : 's'} in ${file}`);
      break;
    case 'changed':
      lines.push(`${file}: not fixed: the file changed after it was checked; run the check again`);
      break;
    case 'read-only':
      lines.push(`${file}: not fixed: the file is read-only`);
      break;
    case 'unparsable':
      lines.push(`${file}: not fixed: the edited file would not parse as YAML`);
      break;
    case 'failed':
      lines.push(`${file}: not fixed: ${fix.message ?? 'the write failed'}`);
      break;
    case 'nothing':
      break;
  }
  return lines.map((line) => `${terminalSafe(line)}\n`).join('');
}

function humanReport(report: CheckReport): string {
  const lines = report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
  const counts = Object.entries(report.statusCounts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const steps = report.walkthroughs.reduce((n, w) => n + w.steps.length, 0);
  lines.push(`${report.walkthroughs.length} walkthrough${report.walkthroughs.length === 1 ? '' : 's'}, ${steps} step${steps === 1 ? '' : 's'}${counts ? `: ${counts}` : ''}`);
  return `${lines.map(terminalSafe).join('\n')}\n`;
}

/**
 * Messages quote walkthrough, memo and file-name text: control characters (escape sequences that
 * could rewrite the terminal, line breaks that could forge a report line) and bidirectional
 * overrides are shown escaped, never sent to the terminal.
 */
function terminalSafe(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

function toJson(report: CheckReport) {
  return { walkthroughs: report.walkthroughs, diagnostics: report.diagnostics };
}

async function isDirectory(dir: string): Promise<boolean> {
  const { stat } = await import('node:fs/promises');
  return stat(dir).then((s) => s.isDirectory(), () => false);
}

// Never process.exit(): into a pipe, stdout is written asynchronously and exiting would cut the
// report at the pipe buffer (64 KiB). Setting the exit code lets Node exit once stdout has drained.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`walkthrough: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
