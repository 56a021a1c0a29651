/**
 * `walkthrough review [BASE] [--out FILE] [--dir DIR]`: a review walkthrough of what changed since
 * BASE (default: the upstream or default branch) — one step per declaration touched, in the order
 * of the diff, anchored on the new code. An existing FILE is updated in place, keeping what the
 * author wrote. Exit 0 written, 1 nothing changed or the file cannot be updated, 2 usage or git.
 */
import * as path from 'node:path';
import { inspectWriteTarget, writeUserFile } from './core/atomicWrite';
import { parseArgs, type Writer } from './cliArgs';
import { WalkthroughEngine } from './core/engine';
import { plural, t } from './core/l10n';
import { NodeFileSystem } from './core/nodeFileSystem';
import { toEnginePath } from '../../common/src/paths';
import { decodeText } from './core/text';
import { reviewFileName, reviewStepsIn, reviewText, reviewTitle } from './features/review';
import { changesSince } from './gitReview';

export const reviewUsage = (): string =>
  t('Usage: walkthrough review [BASE] [--out FILE] [--dir DIR]\n\nMakes a review walkthrough of what changed since BASE (default: the upstream, else the default\nbranch): one step per declaration touched, in the order of the diff, anchored on the new code;\nremoved code becomes a step quoting it. Committed and uncommitted changes are both included.\n  --out FILE  the walkthrough to write (default: review-<branch>.walkthrough.yaml in DIR); an\n              existing one is updated in place, keeping your titles, points and questions\n  --dir DIR   the repository folder to review (default: the current folder)');

export async function runReview(argv: string[], out: Writer = process.stdout, err: Writer = process.stderr): Promise<number> {
  const args = parseArgs(argv, ['--out', '--dir']);
  if (args.problems.length > 0 || args.positional.length > 1) {
    err.write(`${args.problems.map((p) => `${p}\n`).join('')}${reviewUsage()}\n`);
    return 2;
  }
  const dir = path.resolve(args.options.get('--dir') ?? '.');
  const changes = await changesSince(dir, args.positional[0]);
  if (!changes.ok) {
    err.write(`walkthrough review: ${changes.message}\n`);
    return 2;
  }
  const engine = new WalkthroughEngine({ fs: new NodeFileSystem({ confineTo: [dir] }), folders: [toEnginePath(dir)] });
  const steps = await reviewStepsIn(engine, toEnginePath(dir), changes.changes);
  if (steps.length === 0) {
    err.write(`${t('walkthrough review: nothing changed since {0}; nothing was written.', changes.baseLabel)}\n`);
    return 1;
  }
  const outFile = path.resolve(dir, args.options.get('--out') ?? reviewFileName(changes.branch));
  // `--out` by the rules every writer follows (core/atomicWrite): no link followed, read-only and
  // non-text files refused, mode and line ends kept, replaced only if unchanged meanwhile.
  const target = await inspectWriteTarget(outFile);
  if (target.kind === 'refused' || target.kind === 'read-only') {
    err.write(`${t('walkthrough review: cannot write {0}: {1}', outFile, target.kind === 'read-only' ? t('it is read-only') : target.message)}\n`);
    return 1;
  }
  let existing: string | undefined;
  if (target.kind === 'file') {
    const decoded = decodeText(target.bytes);
    if (decoded.kind !== 'text') {
      err.write(`${t('walkthrough review: {0} cannot be read as text; nothing was written.', outFile)}\n`);
      return 1;
    }
    existing = decoded.text;
  }
  const root = path.relative(path.dirname(outFile), dir).split(path.sep).join('/');
  const result = reviewText(steps, reviewTitle(changes.branch, changes.baseLabel), existing, root && root !== '.' ? root : undefined);
  if (!result.ok) {
    err.write(`walkthrough review: ${result.error}\n`);
    return 1;
  }
  const written = await writeUserFile(outFile, target, result.text);
  if (written.kind !== 'written') {
    err.write(`${t('walkthrough review: cannot write {0}: {1}', outFile, written.kind === 'changed' ? t('it changed while the review ran; run it again') : written.kind === 'read-only' ? t('it is read-only') : written.message)}\n`);
    return 1;
  }
  out.write(
    `${existing === undefined
      ? plural(result.steps, 'wrote {1}: {0} step', 'wrote {1}: {0} steps', path.relative(process.cwd(), outFile) || outFile)
      : t('updated {0}: {1} added, {2} updated, {3} dropped', path.relative(process.cwd(), outFile) || outFile, result.added, result.updated, result.dropped)}\n`,
  );
  return 0;
}
