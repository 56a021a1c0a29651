/**
 * `walkthrough import MEMO.md [--root DIR] [--out FILE] [--json]`: makes (or updates) a walkthrough
 * from a memo's code references. Prints one line per reference: where it landed and how, or why
 * not. Writes by the rules of core/atomicWrite (as `check --fix` does). Returns the exit status:
 * 0 written, 1 nothing placed or the existing file cannot be updated, 2 usage.
 */
import { plural, t } from './core/l10n';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { importMemo, type ImportReportEntry, type ImportResult } from './core/memoImport/importMemo';
import { NodeFileSystem } from './core/nodeFileSystem';
import { toEnginePath } from '../../common/src/paths';
import { inspectWriteTarget, writeUserFile } from './core/atomicWrite';
import { terminalSafe } from './cliArgs';
import { decodeText, describeUnreadable, MAX_FILE_BYTES, type TextResult } from './core/text';

export const importUsage = (): string => t('Usage: walkthrough import MEMO.md [--root DIR] [--out FILE] [--json]\n\nMakes a walkthrough from the code a markdown memo cites (links, paths, line mentions, code blocks,\ndeclaration names), placed on the current code under DIR (default: the current folder).\n  --root DIR   the code (default: the current folder)\n  --out FILE   the walkthrough to write (default: MEMO.walkthrough.yaml beside the memo);\n               an existing one is updated in place, keeping your titles, questions and points\n  --json       print the report as JSON\nExit status: 0 written, 1 nothing could be placed or the existing file cannot be updated, 2 usage error.');

const MESSAGES = {
  notFound: (what: string, file: string) => `walkthrough import: ${what} ${file}\n`,
  notFolder: (dir: string) => t('walkthrough import: {0} is not a folder\n', dir),
  cannotWrite: (file: string, why: string) => t('walkthrough import: {0} was not written: {1}\n', clean(file), clean(why)),
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

interface Output {
  write(chunk: string): unknown;
}

export async function runImport(argv: string[], stdout: Output = process.stdout, stderr: Output = process.stderr): Promise<number> {
  if (argv.includes('--help')) {
    stdout.write(`${importUsage()}\n`);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    stderr.write(`${args}\n${importUsage()}\n`);
    return 2;
  }
  const rootStat = await fsp.stat(args.root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    stderr.write(MESSAGES.notFolder(args.root));
    return 2;
  }
  const memoText = await readMemo(args.memo);
  if (memoText.kind !== 'text') {
    stderr.write(MESSAGES.notFound(t('the memo'), `${args.memo} ${memoText.kind === 'not-regular' ? t('is not a regular file') : describeUnreadable(memoText)}`));
    return 2;
  }
  // `--out` by the rules every writer follows (core/atomicWrite): looked at before any work.
  const outName = path.relative(process.cwd(), args.out) || args.out;
  const target = await inspectWriteTarget(args.out);
  if (target.kind === 'read-only' || target.kind === 'refused') {
    stderr.write(MESSAGES.cannotWrite(outName, target.kind === 'read-only' ? t('it is read-only') : target.message));
    return 1;
  }
  let existing: string | undefined;
  if (target.kind === 'file') {
    const decoded = decodeText(target.bytes);
    if (decoded.kind !== 'text' || target.bytes[0] === 0xff || target.bytes[0] === 0xfe) {
      stderr.write(MESSAGES.cannotWrite(outName, decoded.kind !== 'text' ? describeUnreadable(decoded) : t('it is not UTF-8 text')));
      return 1;
    }
    // The byte order mark goes back on (decoding drops it).
    existing = target.bytes[0] === 0xef && target.bytes[1] === 0xbb && target.bytes[2] === 0xbf ? `\uFEFF${decoded.text}` : decoded.text;
  }
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
  if (args.json) {
    stdout.write(`${JSON.stringify({ out: outName, written: !result.error && result.steps.length > 0, steps: result.steps.length, ...(result.merge ? { merge: result.merge } : {}), ...(result.error ? { error: result.error } : {}), references: result.report }, null, 2)}\n`);
  } else {
    const memoName = path.relative(process.cwd(), args.memo) || args.memo;
    stdout.write(result.report.map((entry) => `${reportLine(memoName, entry)}\n`).join(''));
  }
  if (result.error) {
    stderr.write(`walkthrough import: ${clean(result.error)}\n`);
    return 1;
  }
  if (result.steps.length === 0) {
    stderr.write(MESSAGES.nothingPlaced());
    return 1;
  }
  const written = await writeUserFile(args.out, target, result.yaml);
  if (written.kind !== 'written') {
    const why = written.kind === 'changed' ? t('it changed while the import ran; run it again') : written.kind === 'read-only' ? t('it is read-only') : written.message;
    stderr.write(MESSAGES.cannotWrite(outName, why));
    return 1;
  }
  stderr.write(MESSAGES.wrote(outName, result.steps.length, result.merge, unplaced));
  return 0;
}

/** The memo, only if it is a regular file within the size limit: its size is known before a byte is read. */
async function readMemo(file: string): Promise<TextResult | { kind: 'not-regular' }> {
  const stat = await fsp.stat(file).catch(() => undefined);
  if (!stat) return { kind: 'missing' };
  if (!stat.isFile()) return { kind: 'not-regular' };
  // The bounded read `check` uses (it opens without blocking and checks the open file again).
  const found = await new NodeFileSystem().readBounded(file, MAX_FILE_BYTES);
  if (!found) return { kind: 'not-regular' };
  return 'tooLarge' in found ? { kind: 'too-large', bytes: found.tooLarge } : decodeText(found.bytes);
}
