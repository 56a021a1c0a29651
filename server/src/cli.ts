/**
 * `walkthrough check [DIR] [--json] [--fix]`: checks every walkthrough under DIR the way CI would.
 * Exit 0 when every step resolves (ok, moved, fuzzy, approximate) and there is no error; 1 otherwise; 2 for usage.
 */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { runImport } from './cliImport';
import { runImportCodeTour } from './cliCodeTour';
import { runExport } from './cliExport';
import { checkWorkspace, fixMovedLines, type CheckReport } from './core/check';
import { NodeFileSystem } from './core/nodeFileSystem';

const USAGE = `Usage: walkthrough check [DIR] [--json] [--fix]
       walkthrough import MEMO.md [--root DIR] [--out FILE] [--json]   (see walkthrough import --help)

Checks every *.walkthrough.yaml under DIR (default: the current folder).
  --json   print a machine-readable report
  --fix    rewrite out-of-date \`lines\` hints of moved steps (YAML only; comments and layout kept)
Exit status: 0 all steps resolve, 1 a step is stale/missing/invalid or an error exists, 2 usage error.`;

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'import') return runImport(argv.slice(1)).then(() => Number(process.exitCode ?? 0));
  if (argv[0] === 'import-codetour') return runImportCodeTour(argv.slice(1));
  if (argv[0] === 'export') return runExport(argv.slice(1));
  const args = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  if (flags.has('--help') || args[0] === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = [...flags].filter((f) => f !== '--json' && f !== '--fix');
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

  let report = await checkWorkspace(fs, dir);
  if (flags.has('--fix')) {
    const fixes = await fixMovedLines(report, async (file, text) => writeFile(file, text, 'utf8'));
    for (const fix of fixes) process.stderr.write(`fixed ${fix.count} \`lines\` hint${fix.count === 1 ? '' : 's'} in ${path.relative(dir, fix.file)}\n`);
    if (fixes.length > 0) report = await checkWorkspace(fs, dir);
  }
  process.stdout.write(flags.has('--json') ? `${JSON.stringify(toJson(report), null, 2)}\n` : humanReport(report));
  return report.failed ? 1 : 0;
}

function humanReport(report: CheckReport): string {
  const lines = report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
  const counts = Object.entries(report.statusCounts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  const steps = report.walkthroughs.reduce((n, w) => n + w.steps.length, 0);
  lines.push(`${report.walkthroughs.length} walkthrough${report.walkthroughs.length === 1 ? '' : 's'}, ${steps} step${steps === 1 ? '' : 's'}${counts ? `: ${counts}` : ''}`);
  return `${lines.join('\n')}\n`;
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
