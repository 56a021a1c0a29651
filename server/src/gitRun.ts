/**
 * The one way this server and the CLI run git (the tour history's gitHistory.ts and the review's
 * gitReview.ts both use it): no shell (execFile, an argument array), a timeout, an output cap,
 * nothing on standard input, no prompts, no pager, and config that keeps a repository's own
 * settings from running programs during read-only commands (an fsmonitor hook, a signature check
 * with a custom gpg program, an external diff, a textconv filter is refused per command by its
 * callers with `--no-textconv`).
 */
import { execFile } from 'node:child_process';
import { t } from './core/l10n';

/** A git command that takes longer is abandoned (a network file system, a huge repository). */
export const GIT_TIMEOUT_MS = 10_000;
/** Output cap of commands that answer a line (ids, prefixes). */
export const SMALL_OUTPUT = 64 * 1024;

/** Config that makes read-only commands run nothing a repository's config names. */
export const SAFE_CONFIG: readonly string[] = [
  '-c', 'core.fsmonitor=false',
  '-c', 'core.untrackedCache=false',
  '-c', 'core.quotePath=true',
  '-c', 'log.showSignature=false',
  '-c', 'blame.ignoreRevsFile=',
  '-c', 'diff.external=',
  '-c', 'diff.noprefix=false',
  '-c', 'safe.bareRepository=explicit',
];

export const COMMIT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

export type GitRun = { ok: true; stdout: Buffer } | { ok: false; missing: boolean; stderr: string };

export interface GitRunOptions {
  /** The git executable (default `git` on PATH). */
  git?: string;
  maxBytes?: number;
  timeoutMs?: number;
}

/** Runs `git <SAFE_CONFIG> --no-optional-locks <args>` in `cwd`; never throws. */
export function runGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<GitRun> {
  return new Promise((resolve) => {
    try {
      const child = execFile(
        options.git ?? 'git',
        [...SAFE_CONFIG, '--no-optional-locks', ...args],
        {
          cwd,
          encoding: 'buffer',
          maxBuffer: options.maxBytes ?? SMALL_OUTPUT,
          timeout: options.timeoutMs ?? GIT_TIMEOUT_MS,
          windowsHide: true,
          env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_PAGER: 'cat', GIT_EXTERNAL_DIFF: '' },
        },
        (error, stdout, stderr) => {
          if (!error) resolve({ ok: true, stdout });
          else resolve({ ok: false, missing: (error as NodeJS.ErrnoException).code === 'ENOENT' && !stderr.length, stderr: String(stderr ?? '') || error.message });
        },
      );
      // Nothing on standard input: git never waits on it.
      child.stdin?.on('error', () => undefined);
      child.stdin?.end();
    } catch (error) {
      // A NUL byte in an argument, a bad cwd: no git run, nothing found.
      resolve({ ok: false, missing: false, stderr: error instanceof Error ? error.message : String(error) });
    }
  });
}

export type GitFailure = 'no-git' | 'not-a-repository' | 'failed';

/** Why a run failed, in the user's words. */
export function gitFailure(result: Extract<GitRun, { ok: false }>): { problem: GitFailure; message: string } {
  if (result.missing) return { problem: 'no-git', message: t('git is not installed or not on the PATH') };
  if (/not a git repository/i.test(result.stderr)) return { problem: 'not-a-repository', message: t('the folder is not a git repository') };
  const first = result.stderr.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  return { problem: 'failed', message: t('git failed: {0}', first.length > 200 ? `${first.slice(0, 197)}…` : first) };
}
