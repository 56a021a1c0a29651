/**
 * `walkthrough import-codetour FILE.tour [--out FILE]`: converts a CodeTour tour into a walkthrough
 * whose steps carry their current code as `anchor` (see core/codetour/convertTour.ts). Without
 * `--out` it writes `<workspace folder>/<tour name>.walkthrough.yaml`, never over an existing file.
 */
import { plural, t } from './core/l10n';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { parseArgs, terminalSafeWriter, workspaceFolderOf, type Writer } from './cliArgs';
import { convertTour } from './core/codetour/convertTour';
import { isCodeTourFile } from './core/codetour/parseTour';
import { WalkthroughEngine } from './core/engine';
import { NodeFileSystem } from './core/nodeFileSystem';
import { toEnginePath } from '../../common/src/paths';
import { GitCli } from './gitHistory';

export const importCodetourUsage = (): string => t('Usage: walkthrough import-codetour FILE.tour [--out FILE]\n\nConverts a CodeTour tour into a *.walkthrough.yaml whose steps carry their current code as anchor,\nso it follows the code. In a git repository, line steps first read their code as it was when they\nwere written into the tour (repaired from history). Default output: <workspace folder>/<tour name>.walkthrough.yaml (an\nexisting file is never overwritten without --out).');

const MESSAGES = {
  notATour: (file: string) => t('walkthrough: {0} is not a .tour file', file),
  unreadable: (file: string) => t('walkthrough: cannot read {0} as a CodeTour tour', file),
  exists: (file: string) => t('walkthrough: {0} already exists; choose another place with --out', file),
  outsideWorkspace: (file: string, folder: string) => t('walkthrough: {0} is outside the tour\'s workspace folder {1}', file, folder),
  wrote: (file: string, steps: number) => plural(steps, 'wrote {1} ({0} step)', 'wrote {1} ({0} steps)', file),
  problem: (problem: string) => `walkthrough: ${problem}`,
  warning: (warning: string) => t('walkthrough: warning: {0}', warning),
};

export async function runImportCodeTour(argv: string[], rawOut: Writer = process.stdout, rawErr: Writer = process.stderr): Promise<number> {
  // Messages quote the tour and file names: every line is made terminal-safe.
  const out = terminalSafeWriter(rawOut);
  const err = terminalSafeWriter(rawErr);
  const args = parseArgs(argv, ['--out']);
  if (args.problems.length > 0 || args.positional.length !== 1) {
    err.write(`${args.problems.map((p) => `${p}\n`).join('')}${importCodetourUsage()}\n`);
    return 2;
  }
  const tourFile = path.resolve(args.positional[0]!);
  if (!isCodeTourFile(tourFile)) {
    err.write(`${MESSAGES.notATour(tourFile)}\n`);
    return 2;
  }
  const folder = workspaceFolderOf(tourFile);
  // Line steps read their code as it was when the tour was written (git history), then follow it.
  const engine = new WalkthroughEngine({ fs: new NodeFileSystem({ confineTo: [folder] }), folders: [toEnginePath(folder)], git: new GitCli() });
  await engine.loadFiles([toEnginePath(tourFile)]);
  await engine.historyRead(toEnginePath(tourFile));
  const outOption = args.options.get('--out');
  const target = outOption === undefined ? undefined : path.resolve(outOption);
  if (target !== undefined && path.relative(folder, target).startsWith('..')) {
    err.write(`${MESSAGES.outsideWorkspace(target, folder)}\n`);
    return 1;
  }
  const converted = await convertTour(engine, toEnginePath(tourFile), target === undefined ? undefined : toEnginePath(target));
  const walkthrough = engine.get(toEnginePath(tourFile));
  if (!converted || !walkthrough || walkthrough.steps.length === 0) {
    err.write(`${MESSAGES.unreadable(tourFile)}\n`);
    for (const d of engine.diagnostics(toEnginePath(tourFile)).filter((d) => d.severity === 'error')) err.write(`${MESSAGES.problem(`${path.relative(process.cwd(), tourFile)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.message} [${d.code}]`)}\n`);
    return 1;
  }
  const file = target ?? converted.defaultFile;
  if (target === undefined && (await stat(file).then(() => true, () => false))) {
    err.write(`${MESSAGES.exists(file)}\n`);
    return 1;
  }
  await writeFileAtomic(file, converted.text);
  out.write(`${MESSAGES.wrote(path.relative(process.cwd(), file) || file, walkthrough.steps.length)}\n`);
  for (const line of converted.repaired) out.write(`${line}\n`);
  if (converted.historyWarning) err.write(`${MESSAGES.warning(converted.historyWarning)}\n`);
  for (const note of converted.notes) err.write(`${MESSAGES.problem(note)}\n`);
  return converted.notes.length > 0 ? 1 : 0;
}
