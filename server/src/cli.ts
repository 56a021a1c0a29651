/**
 * `walkthrough check [DIR] [--json] [--fix] [--locale LOCALE]`: checks every walkthrough under DIR the way CI would.
 * Exit 0 when every step resolves (ok, moved, fuzzy, approximate) and there is no error; 1 otherwise; 2 for usage.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { terminalSafe } from './cliArgs';
import { runImport } from './cliImport';
import { runImportCodeTour } from './cliCodeTour';
import { runExport } from './cliExport';
import { runReview } from './cliReview';
import { onlyChanged } from './core/review/changed';
import { changesSince } from './gitReview';
import { replaceFileAtomically } from './core/atomicWrite';
import { checkWorkspace, fixMovedLines, type CheckReport, type FileFix } from './core/check';
import { MAX_SCANNED_FILES } from './core/discover';
import { localeFromEnvironment, plural, setLocale, t } from './core/l10n';
import { NodeFileSystem } from './core/nodeFileSystem';
import { statusName } from '../../common/src/stepStatuses';
import { CHECK_FORMATS, toGithub, toSarif, type CheckFormat } from './cliFormats';
import { ParseCache, type ParseCacheStats } from './core/symbols/parseCache';
import { SymbolIndex } from './core/symbols/symbolIndex';
import { ResultCache, type ResultCacheStats } from './core/resultCache';
import { defaultCacheDir, NodeParseCacheStore } from './parseCacheStore';
import { defaultParseWorkers, ParsePool } from './parsePool';

/** The package version, set by the bundler (scripts/build.mjs); `dev` when run from sources. */
declare const __CW_VERSION__: string | undefined;
const VERSION = typeof __CW_VERSION__ === 'string' ? __CW_VERSION__ : 'dev';

function usage(): string {
  return [
    t('Usage: walkthrough check [DIR] [--json] [--fix] [--format text|json|sarif|github] [--max-files=N] [--cache DIR | --no-cache] [--jobs N] [--locale LOCALE]'),
    t('       walkthrough import MEMO.md [--root DIR] [--out FILE] [--json]   (see walkthrough import --help)'),
    t('       walkthrough import-codetour FILE.tour [--out FILE]'),
    t('       walkthrough export FILE [--format md|html|anki] [--out FILE]'),
    t('       walkthrough review [BASE] [--out FILE] [--dir DIR]   (see walkthrough review --help)'),
    '',
    t('Checks every *.walkthrough.yaml under DIR (default: the current folder).'),
    `  --json     ${t('print a machine-readable report')}`,
    `  --format   ${t('text (default), json (as --json), sarif (SARIF 2.1.0 for code scanning) or github (GitHub Actions annotations)')}`,
    `  --changed BASE  ${t('only the steps whose code changed since BASE (git): what a change moved, broke or made approximate')}`,
    `  --fix      ${t('rewrite out-of-date `lines` hints of moved steps (YAML only; comments and layout kept)')}`,
    `  --max-files=N  ${t('look at up to {0} files when searching walkthroughs (default {1}); more is an error', 'N', MAX_SCANNED_FILES)}`,
    `  --cache=DIR  ${t('remember code parses and walkthrough results in DIR between runs (default: node_modules/.cache/code-walkthroughs, else the user cache folder)')}`,
    `  --no-cache   ${t('parse and resolve everything afresh and remember nothing')}`,
    `  --jobs=N     ${t('parse on N worker threads besides the main one (default {0} on this machine; 0: none)', defaultParseWorkers())}`,
    `  --locale   ${t('language of the messages: en or zh-cn (default: from LC_ALL, LC_MESSAGES or LANG)')}`,
    t('Exit status: 0 all steps resolve, 1 a step is stale/missing/invalid or an error exists, 2 usage error.'),
  ].join('\n');
}

/** `--name value` → `--name=value`, so the value is not taken for a positional argument. */
function joinValue(argv: string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name && i + 1 < argv.length) out.push(`${name}=${argv[++i]}`);
    else out.push(argv[i]!);
  }
  return out;
}

async function main(rawArgv: string[]): Promise<number> {
  setLocale(localeFromEnvironment(rawArgv, process.env));
  // `--locale X` / `--locale=X` only choose the language; the rest are the command's arguments.
  const argv = ['--format', '--changed', '--cache', '--jobs'].reduce(
    (args, name) => joinValue(args, name),
    rawArgv.filter((a, i) => a !== '--locale' && rawArgv[i - 1] !== '--locale' && !a.startsWith('--locale=')),
  );
  if (argv[0] === 'import') return runImport(argv.slice(1));
  if (argv[0] === 'import-codetour') return runImportCodeTour(argv.slice(1));
  if (argv[0] === 'export') return runExport(argv.slice(1));
  if (argv[0] === 'review') return runReview(argv.slice(1));
  const args = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  if (flags.has('--help') || args[0] === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const maxFilesFlag = [...flags].find((f) => f.startsWith('--max-files='));
  const maxFiles = maxFilesFlag === undefined ? undefined : Number(maxFilesFlag.slice('--max-files='.length));
  const badMaxFiles = maxFiles !== undefined && !(Number.isSafeInteger(maxFiles) && maxFiles > 0);
  const formatFlag = [...flags].find((f) => f.startsWith('--format='));
  const format = (formatFlag === undefined ? (flags.has('--json') ? 'json' : 'text') : formatFlag.slice('--format='.length)) as CheckFormat;
  const badFormat = !CHECK_FORMATS.includes(format) || (formatFlag !== undefined && flags.has('--json') && format !== 'json');
  const changedFlag = [...flags].find((f) => f.startsWith('--changed='));
  const cacheFlag = [...flags].find((f) => f.startsWith('--cache=') && f.length > '--cache='.length);
  const jobsFlag = [...flags].find((f) => f.startsWith('--jobs='));
  const jobs = jobsFlag === undefined ? defaultParseWorkers() : Number(jobsFlag.slice('--jobs='.length));
  const badJobs = !(Number.isSafeInteger(jobs) && jobs >= 0 && jobs <= 64);
  const badCache = cacheFlag !== undefined && flags.has('--no-cache');
  const unknown = [...flags].filter(
    (f) => f !== '--json' && f !== '--fix' && (f !== maxFilesFlag || badMaxFiles) && (f !== formatFlag || badFormat) && f !== changedFlag && ((f !== cacheFlag && f !== '--no-cache') || badCache) && (f !== jobsFlag || badJobs),
  );
  if (args[0] !== 'check' || args.length > 2 || unknown.length > 0) {
    process.stderr.write(`${unknown.length ? `${t('Unknown option {0}', unknown.join(', '))}\n` : ''}${usage()}\n`);
    return 2;
  }
  const dir = path.resolve(args[1] ?? '.');
  // Synchronous reads: the check serves nothing meanwhile, and a small file then costs no thread-pool round trips.
  const fs = new NodeFileSystem({ confineTo: [dir], synchronous: true });
  if ((await fs.readDirectory(dir)).length === 0 && !(await isDirectory(dir))) {
    process.stderr.write(`walkthrough: ${t('{0} is not a folder', dir)}\n`);
    return 2;
  }

  // Parses remembered between runs, in a folder outside the checked tree's walkthroughs; parse workers on bigger machines.
  const cacheDir = flags.has('--no-cache') ? undefined : cacheFlag !== undefined ? path.resolve(cacheFlag.slice('--cache='.length)) : await defaultCacheDir(dir);
  const parseCache = cacheDir === undefined ? undefined : new ParseCache(new NodeParseCacheStore(cacheDir, { synchronous: true }));
  const pool = jobs > 0 ? new ParsePool(jobs) : undefined;
  const symbols = new SymbolIndex({ ...(parseCache ? { cache: parseCache } : {}), ...(pool ? { parser: pool } : {}) });
  // Whole walkthrough results too (an unchanged walkthrough with unchanged inputs is not resolved
  // again), in a folder of their own; not with --fix, which edits the parsed walkthroughs.
  const results = cacheDir === undefined || flags.has('--fix') ? undefined : new ResultCache(new NodeParseCacheStore(path.join(cacheDir, 'results'), { synchronous: true }), { version: buildVersion() });
  // Before the report is printed: the cache's writes are done and its size bounded, so the report counts them.
  const finish = async () => {
    await pool?.close();
    await symbols.flush();
    await results?.flush();
    return { parseCache: cacheReport(cacheDir, parseCache?.stats), resultCache: resultReport(cacheDir, results?.stats) };
  };
  try {
    return await checkAndReport(fs, dir, { ...(maxFiles === undefined ? {} : { maxFiles }), symbols, ...(results ? { results } : {}) }, flags, format, changedFlag, finish);
  } finally {
    await pool?.close();
  }
}

/**
 * This build, for the result cache: the version and a digest of the program itself, so that a
 * build whose resolution changed without a version bump (a development build) never reuses results.
 */
function buildVersion(): string {
  try {
    return `${VERSION}+${createHash('sha256').update(new Uint8Array(readFileSync(__filename))).digest('hex').slice(0, 16)}`;
  } catch {
    return `${VERSION}+unknown-build-${Date.now()}`;
  }
}

/** The parse cache in the JSON report: where it is and how it served this run (null with --no-cache). */
function cacheReport(dir: string | undefined, stats: ParseCacheStats | undefined) {
  if (dir === undefined || stats === undefined) return null;
  return {
    dir,
    hits: stats.hits,
    misses: stats.misses,
    rejected: stats.rejected,
    writes: stats.writes,
    writeFailures: stats.writeFailures,
    evicted: stats.evicted,
    ...(stats.bytes !== undefined ? { bytes: stats.bytes } : {}),
    maxBytes: stats.maxBytes,
  };
}

/** The result cache in the JSON report: walkthroughs reused and resolved (null with --no-cache or --fix). */
function resultReport(dir: string | undefined, stats: ResultCacheStats | undefined) {
  if (dir === undefined || stats === undefined) return null;
  return { dir: path.join(dir, 'results'), ...stats };
}

type CacheReports = { parseCache: ReturnType<typeof cacheReport>; resultCache: ReturnType<typeof resultReport> };

async function checkAndReport(
  fs: NodeFileSystem,
  dir: string,
  options: { maxFiles?: number; symbols: SymbolIndex },
  flags: Set<string>,
  format: CheckFormat,
  changedFlag: string | undefined,
  finish: () => Promise<CacheReports>,
): Promise<number> {
  let report = await checkWorkspace(fs, dir, options);
  let fixFailed = false;
  if (flags.has('--fix')) {
    const fixes = await fixMovedLines(report, replaceFileAtomically);
    for (const fix of fixes) process.stderr.write(describeFix(fix, path.relative(dir, fix.file)));
    fixFailed = fixes.some((fix) => fix.outcome !== 'written' && fix.outcome !== 'nothing');
    if (fixes.some((fix) => fix.outcome === 'written')) report = await checkWorkspace(fs, dir, options);
  }
  if (changedFlag !== undefined) {
    const changes = await changesSince(dir, changedFlag.slice('--changed='.length));
    if (!changes.ok) {
      process.stderr.write(`walkthrough: ${changes.message}\n`);
      return 2;
    }
    const changed = onlyChanged(report, changes.changes);
    report = changed.report;
    process.stdout.write(formatReport(report, format, await finish()));
    if (format === 'text') {
      process.stdout.write(`${terminalSafe(changed.broken ? plural(changed.broken, 'This change breaks {0} step (of {1} it touches).', 'This change breaks {0} steps (of {1} it touches).', changed.touched) : plural(changed.touched, 'This change touches {0} step; none is broken.', 'This change touches {0} steps; none is broken.'))}\n`);
    }
    return report.failed || fixFailed ? 1 : 0;
  }
  process.stdout.write(formatReport(report, format, await finish()));
  return report.failed || fixFailed ? 1 : 0;
}

function formatReport(report: CheckReport, format: CheckFormat, caches: CacheReports): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ ...toJson(report), ...caches }, null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(toSarif(report, { version: VERSION, base: repositoryRelative(report.dir) }), null, 2)}\n`;
    case 'github':
      return toGithub(report, { base: repositoryRelative(report.dir), summary: summaryLine(report) });
    case 'text':
      return humanReport(report);
  }
}

/**
 * DIR relative to the repository root that CI reports against (GITHUB_WORKSPACE on GitHub
 * Actions, else the current folder); empty when DIR is that root or lies outside it.
 */
function repositoryRelative(dir: string): string {
  const root = process.env.GITHUB_WORKSPACE || process.cwd();
  const relative = path.relative(root, dir);
  return relative.startsWith('..') || path.isAbsolute(relative) ? '' : relative.split(path.sep).join('/');
}

/** What --fix did to one file, one line per fact, on stderr. */
function describeFix(fix: FileFix, file: string): string {
  const lines = fix.skipped.map((s) => `${file}:${s.line}:${s.column}: ${t('skipped step `{0}`: {1}', s.stepId, s.reason)}`);
  switch (fix.outcome) {
    case 'written':
      lines.push(plural(fix.fixed, 'fixed {0} `lines` hint in {1}', 'fixed {0} `lines` hints in {1}', file));
      break;
    case 'changed':
      lines.push(`${file}: ${t('not fixed: the file changed after it was checked; run the check again')}`);
      break;
    case 'read-only':
      lines.push(`${file}: ${t('not fixed: the file is read-only')}`);
      break;
    case 'unparsable':
      lines.push(`${file}: ${t('not fixed: the edited file would not parse as YAML')}`);
      break;
    case 'failed':
      lines.push(`${file}: ${t('not fixed: {0}', fix.message ?? t('the write failed'))}`);
      break;
    case 'nothing':
      break;
  }
  return lines.map((line) => `${terminalSafe(line)}\n`).join('');
}

function humanReport(report: CheckReport): string {
  // The severity word and the code stay English: editors and CI parse `file:line:col: severity:`.
  const lines = report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`);
  lines.push(summaryLine(report));
  return `${lines.map(terminalSafe).join('\n')}\n`;
}

/** "2 walkthroughs, 9 steps: 7 ok, 2 moved". */
function summaryLine(report: CheckReport): string {
  const counts = Object.entries(report.statusCounts)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${statusName(status, t)}`)
    .reduce((list, item) => (list ? t('{0}, {1}', list, item) : item), '');
  const steps = report.walkthroughs.reduce((n, w) => n + w.steps.length, 0);
  const summary = t('{0}, {1}', plural(report.walkthroughs.length, '{0} walkthrough', '{0} walkthroughs'), plural(steps, '{0} step', '{0} steps'));
  return counts ? t('{0}: {1}', summary, counts) : summary;
}

function toJson(report: CheckReport) {
  return { walkthroughs: report.walkthroughs, diagnostics: report.diagnostics.map(({ stepIndex: _, ...d }) => d) };
}

async function isDirectory(dir: string): Promise<boolean> {
  const { stat } = await import('node:fs/promises');
  return stat(dir).then((s) => s.isDirectory(), () => false);
}

// `walkthrough check . | head`: once the reader is gone, what is left of the report has nowhere to
// go. That is no error of the check (its exit status still says how the check went), so a closed
// pipe is not reported, and no stack trace is printed.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

// Never process.exit(): into a pipe, stdout is written asynchronously and exiting would cut the
// report at the pipe buffer (64 KiB). Setting the exit code lets Node exit once stdout has drained.
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`walkthrough: ${t('internal error: {0}', error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = 1;
  },
);
