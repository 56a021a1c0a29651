/**
 * `walkthrough import MEMO.md [--root DIR] [--out FILE] [--json]`: makes (or updates) a walkthrough
 * from a memo's code references. Prints one line per reference: where it landed and how, or why
 * not. Writes atomically (a temporary file renamed over the target). Sets process.exitCode:
 * 0 written, 1 nothing placed or the existing file cannot be updated, 2 usage.
 */
import { plural, t } from './core/l10n';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { importMemo, type ImportReportEntry, type ImportResult } from './core/memoImport/importMemo';
import { NodeFileSystem } from './core/nodeFileSystem';
import { toEnginePath } from './core/paths';
import { terminalSafe } from './cliArgs';
import { decodeText, describeUnreadable } from './core/text';

export const importUsage = (): string => t('Usage: walkthrough import MEMO.md [--root DIR] [--out FILE] [--json]\n\nMakes a walkthrough from the code a markdown memo cites (links, paths, line mentions, code blocks,\ndeclaration names), placed on the current code under DIR (default: the current folder).\n  --root DIR   the code (default: the current folder)\n  --out FILE   the walkthrough to write (default: MEMO.walkthrough.yaml beside the memo);\n               an existing one is updated in place, keeping your titles, questions and points\n  --json       print the report as JSON\nExit status: 0 written, 1 nothing could be placed or the existing file cannot be updated, 2 usage error.');

const MESSAGES = {
  notFound: (what: string, file: string) => `walkthrough import: ${what} ${file}\n`,
  notFolder: (dir: string) => t('walkthrough import: {0} is not a folder\n', dir),
  nothingPlaced: (): string => t('walkthrough import: no reference could be placed on the code; nothing was written.\n'),
  wrote: (file: string, steps: number, merge: ImportResult['merge'], unplaced: number) => {
    const stepCount = plural(steps, '{0} step', '{0} steps');
    const notPlaced = plural(unplaced, '{0} reference not placed', '{0} references not placed');
    const line = merge
      ? t('Updated {0}: {1} ({2}); {3}.', file, stepCount, t('{0} updated, {1} added, {2} kept', merge.updated, merge.added, merge.kept), notPlaced)
      : t('Wrote {0}: {1}; {2}.', file, stepCount, notPlaced);
    return `${line}\n`;
  },
};

interface ImportArgs {
  memo: string;
  root: string;
  out: string;
  json: boolean;
}

function parseArgs(argv: string[]): ImportArgs | string {
  let memo: string | undefined;
  let root: string | undefined;
  let out: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (name: string) => {
      const inline = arg.startsWith(`${name}=`) ? arg.slice(name.length + 1) : undefined;
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return undefined;
      i++;
      return next;
    };
    if (arg === '--json') json = true;
    else if (arg === '--root' || arg.startsWith('--root=')) {
      root = value('--root');
      if (root === undefined) return t('--root needs a folder');
    } else if (arg === '--out' || arg.startsWith('--out=')) {
      out = value('--out');
      if (out === undefined) return t('--out needs a file');
    } else if (arg.startsWith('--')) return t('Unknown option {0}', arg);
    else if (memo === undefined) memo = arg;
    else return t('Unexpected argument {0}', arg);
  }
  if (memo === undefined) return t('Which memo? Give a markdown file.');
  const memoPath = path.resolve(memo);
  return {
    memo: memoPath,
    root: path.resolve(root ?? '.'),
    out: path.resolve(out ?? memoPath.replace(/\.(?:md|markdown)$/i, '') + '.walkthrough.yaml'),
    json,
  };
}

/** Terminal output must not carry control characters from the memo: the CLI's one terminal-safe function. */
const clean = terminalSafe;

export function reportLine(memoName: string, entry: ImportReportEntry): string {
  const where = `${clean(memoName)}:${entry.memoLine}: ${entry.kind} ${clean(entry.reference)}`;
  if (!entry.placed) return t('{0} ✗ not placed: {1}', where, clean(entry.reason ?? t('not found')));
  const lines = entry.startLine === undefined ? '' : `:${entry.startLine}${entry.endLine !== entry.startLine ? `-${entry.endLine}` : ''}`;
  const symbol = entry.symbol ? ` ${clean(entry.symbol)}` : '';
  const step = entry.step ? ` → step ${clean(entry.step)}` : '';
  const note = entry.reason ? ` (${clean(entry.reason)})` : '';
  return `${where} → ${clean(entry.file ?? '')}${lines}${symbol} [${entry.how}]${step}${note}`;
}

export async function runImport(argv: string[]): Promise<void> {
  if (argv.includes('--help')) {
    process.stdout.write(`${importUsage()}\n`);
    return;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${importUsage()}\n`);
    process.exitCode = 2;
    return;
  }
  const rootStat = await fsp.stat(args.root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    process.stderr.write(MESSAGES.notFolder(args.root));
    process.exitCode = 2;
    return;
  }
  const memoBytes = await fsp.readFile(args.memo).catch(() => undefined);
  const memoText = decodeText(memoBytes ? new Uint8Array(memoBytes.buffer, memoBytes.byteOffset, memoBytes.byteLength) : undefined);
  if (memoText.kind !== 'text') {
    process.stderr.write(MESSAGES.notFound(t('the memo'), `${args.memo} ${describeUnreadable(memoText)}`));
    process.exitCode = 2;
    return;
  }
  const existing = await fsp.readFile(args.out, 'utf8').catch(() => undefined);
  const root = toEnginePath(args.root);
  const result = await importMemo({
    fs: new NodeFileSystem({ confineTo: [root] }),
    memoFile: toEnginePath(args.memo),
    memoText: memoText.text,
    root,
    outFile: toEnginePath(args.out),
    ...(existing !== undefined ? { existingYaml: existing } : {}),
  });
  const unplaced = result.report.filter((e) => !e.placed).length;
  const outName = path.relative(process.cwd(), args.out) || args.out;
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ out: outName, written: !result.error && result.steps.length > 0, steps: result.steps.length, ...(result.merge ? { merge: result.merge } : {}), ...(result.error ? { error: result.error } : {}), references: result.report }, null, 2)}\n`);
  } else {
    const memoName = path.relative(process.cwd(), args.memo) || args.memo;
    process.stdout.write(result.report.map((entry) => `${reportLine(memoName, entry)}\n`).join(''));
  }
  if (result.error) {
    process.stderr.write(`walkthrough import: ${result.error}\n`);
    process.exitCode = 1;
    return;
  }
  if (result.steps.length === 0) {
    process.stderr.write(MESSAGES.nothingPlaced());
    process.exitCode = 1;
    return;
  }
  await writeAtomically(args.out, result.yaml);
  process.stderr.write(MESSAGES.wrote(outName, result.steps.length, result.merge, unplaced));
}

/** A temporary file beside the target, renamed over it: readers never see half a file. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await fsp.writeFile(temp, text, 'utf8');
    await fsp.rename(temp, file);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
}
