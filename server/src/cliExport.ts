/**
 * `walkthrough export FILE [--format md|html] [--out FILE]`: one document to revise from — the
 * title, then per step the question, the talking points and the anchored code with file:line
 * (see features/exportWalkthrough.ts). Without `--out` it prints to standard output.
 */
import { t } from './core/l10n';
import * as path from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { parseArgs, terminalSafeWriter, workspaceFolderOf, type Writer } from './cliArgs';
import { WalkthroughEngine } from './core/engine';
import { NodeFileSystem } from './core/nodeFileSystem';
import { toEnginePath } from '../../common/src/paths';
import { renderAnkiDeck } from './features/exportAnki';
import { GitCli } from './gitHistory';
import { EXPORT_FORMATS, gatherExport, renderExport, type ExportFormat } from './features/exportWalkthrough';

/** The document formats, and `anki`: the walkthrough's steps as practice cards for Anki's text import. */
const FORMATS: readonly string[] = [...EXPORT_FORMATS, 'anki'];

export const exportUsage = (): string => t('Usage: walkthrough export FILE [--format md|html|anki] [--out FILE]\n\nExports a walkthrough (*.walkthrough.yaml or a CodeTour .tour) as one Markdown or self-contained\nHTML document: per step the question, the talking points and the code with file:line.\n  --format  md (default, or from the --out extension), html, or anki (practice cards for Anki\'s\n            text import: one note per step, a stable GUID so a re-import updates the notes)\n  --out     write to FILE instead of standard output');

const MESSAGES = {
  badFormat: (format: string) => t('Unknown format {0} (expected: {1})', format, FORMATS.join(', ')),
  notLoaded: (file: string) => t('walkthrough: {0} is not a readable walkthrough', file),
  wrote: (file: string) => t('wrote {0}', file),
};

export async function runExport(argv: string[], out: Writer = process.stdout, rawErr: Writer = process.stderr): Promise<number> {
  // Messages quote file names: every line is made terminal-safe (the exported document is not a message).
  const err = terminalSafeWriter(rawErr);
  const args = parseArgs(argv, ['--format', '--out']);
  const outFile = args.options.get('--out');
  const format = (args.options.get('--format') ?? (outFile && /\.html?$/i.test(outFile) ? 'html' : 'md')).toLowerCase();
  if (!FORMATS.includes(format)) args.problems.push(MESSAGES.badFormat(format));
  if (args.problems.length > 0 || args.positional.length !== 1) {
    err.write(`${args.problems.map((p) => `${p}\n`).join('')}${exportUsage()}\n`);
    return 2;
  }
  const file = path.resolve(args.positional[0]!);
  const folder = workspaceFolderOf(file);
  // A CodeTour tour's line steps are repaired from git history first (core/codetour/tourHistory.ts).
  const engine = new WalkthroughEngine({ fs: new NodeFileSystem({ confineTo: [folder] }), folders: [toEnginePath(folder)], git: new GitCli() });
  await engine.loadFiles([toEnginePath(file)]);
  await engine.historyRead(toEnginePath(file));
  const walkthrough = engine.get(toEnginePath(file));
  if (!walkthrough || walkthrough.steps.length === 0) {
    err.write(`${MESSAGES.notLoaded(file)}\n`);
    return 1;
  }
  const document = await gatherExport(engine, walkthrough);
  const text = format === 'anki' ? renderAnkiDeck([document]).text : renderExport(document, format as ExportFormat);
  if (outFile === undefined) {
    out.write(text);
  } else {
    await writeFileAtomic(path.resolve(outFile), text);
    err.write(`${MESSAGES.wrote(outFile)}\n`);
  }
  return 0;
}
