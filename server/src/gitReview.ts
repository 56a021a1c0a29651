/**
 * The git CLI behind review walkthroughs and `check --changed`: what changed between a base and
 * the working tree (`git diff` from the merge base of BASE and HEAD, committed and uncommitted
 * changes together, plus untracked files), restricted to the folder. Read-only commands without a
 * shell, with a timeout and an output cap, and the same hardening as the tour history's git
 * (gitHistory.ts): the base is validated as a ref, never passed where git could take it for an
 * option, and a repository's config cannot make these commands run programs.
 */
import { t } from './core/l10n';
import { parseUnifiedDiff, type FileChange } from './core/review/diff';
import { isSafeRef } from './gitHistory';
import { COMMIT_ID as COMMIT, gitFailure, GIT_TIMEOUT_MS, runGit } from './gitRun';

/** A diff larger than this is refused (a review of it would not be read either). */
export const MAX_DIFF_BYTES = 32 * 1024 * 1024;
export type ChangesResult =
  | { ok: true; base: string; baseLabel: string; changes: FileChange[]; branch?: string }
  | { ok: false; problem: 'no-git' | 'not-a-repository' | 'bad-base' | 'failed'; message: string };

type Run = { ok: true; stdout: string } | { ok: false; missing: boolean; stderr: string };

/** The review's git runs: text output, a longer timeout (a diff of a big branch). */
async function run(cwd: string, args: string[], maxBytes = 1024 * 1024): Promise<Run> {
  const result = await runGit(cwd, args, { maxBytes, timeoutMs: GIT_TIMEOUT_MS * 3 });
  return result.ok ? { ok: true, stdout: result.stdout.toString('utf8') } : result;
}

function failure(result: Extract<Run, { ok: false }>): Extract<ChangesResult, { ok: false }> {
  return { ok: false, ...gitFailure(result) };
}

async function commitOf(folder: string, ref: string): Promise<string | undefined> {
  if (!isSafeRef(ref)) return undefined;
  const result = await run(folder, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  const id = result.ok ? result.stdout.trim() : '';
  return COMMIT.test(id) ? id : undefined;
}

/** The base a review compares with when none is given: the upstream, else the remote's default branch, else main/master. */
export async function defaultBase(folder: string): Promise<string | undefined> {
  const upstream = await run(folder, ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}']);
  if (upstream.ok && isSafeRef(upstream.stdout.trim())) return upstream.stdout.trim();
  const remoteHead = await run(folder, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (remoteHead.ok && isSafeRef(remoteHead.stdout.trim())) return remoteHead.stdout.trim();
  const current = await run(folder, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  const branch = current.ok ? current.stdout.trim() : '';
  for (const name of ['main', 'master', 'trunk', 'develop']) {
    if (name !== branch && (await commitOf(folder, name))) return name;
  }
  return undefined;
}

/**
 * Everything that changed in `folder` since the merge base of `base` (default: defaultBase) and
 * HEAD: commits on the branch and uncommitted changes (staged or not), and untracked files as
 * added. Paths are relative to `folder` (`--relative`), and nothing outside it is listed.
 */
export async function changesSince(folder: string, base?: string): Promise<ChangesResult> {
  const probe = await run(folder, ['rev-parse', '--show-prefix']);
  if (!probe.ok) return failure(probe);
  const label = base ?? (await defaultBase(folder));
  if (label === undefined) return { ok: false, problem: 'bad-base', message: t('no base to compare with: no upstream, no origin/HEAD, no main or master branch; name one') };
  if (!isSafeRef(label)) return { ok: false, problem: 'bad-base', message: t('`{0}` is not a branch, tag or commit name', label) };
  const baseCommit = await commitOf(folder, label);
  if (!baseCommit) return { ok: false, problem: 'bad-base', message: t('`{0}` is not a commit, branch or tag of this repository', label) };
  const head = await commitOf(folder, 'HEAD');
  let from = baseCommit;
  if (head) {
    const mergeBase = await run(folder, ['merge-base', baseCommit, head]);
    if (mergeBase.ok && COMMIT.test(mergeBase.stdout.trim())) from = mergeBase.stdout.trim();
  }
  const diff = await run(folder, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '-U0', '--find-renames', '--relative', from, '--', '.'], MAX_DIFF_BYTES);
  if (!diff.ok) return failure(diff);
  const changes = parseUnifiedDiff(diff.stdout);
  // Untracked files are new code too (not ignored ones): as added, whole.
  const untracked = await run(folder, ['ls-files', '--others', '--exclude-standard', '-z', '--', '.']);
  if (untracked.ok) {
    for (const path of untracked.stdout.split('\0').filter(Boolean)) {
      changes.push({ newPath: path, status: 'added', binary: false, hunks: [{ oldStart: 0, oldLines: 0, newStart: 1, newLines: Number.MAX_SAFE_INTEGER, removed: [], added: [] }] });
    }
  }
  const branch = await run(folder, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return { ok: true, base: from, baseLabel: label, changes, ...(branch.ok && branch.stdout.trim() ? { branch: branch.stdout.trim() } : {}) };
}
