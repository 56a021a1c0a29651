/**
 * The git CLI behind core/codetour/tourHistory.ts's `GitHistory`: the server and the CLI wire it
 * into the engine. Git runs without a shell (execFile, an argument array), with a timeout and an
 * output cap, and only read-only commands. Everything it is given comes from untrusted tour files,
 * so refs are validated (a `ref` like `--upload-pack=…` never reaches git as an option), paths
 * are relative to the repository's top and confined by the caller, and commits are the ids git
 * itself answered. A repository's own config could run programs from `git log` or `git blame` (a
 * signature check with a custom gpg program, an fsmonitor hook, a textconv filter): those are
 * switched off on every call.
 */
import { execFile } from 'node:child_process';
import { t } from './core/l10n';
import type { BlamedLine, GitHistory, GitProblem, GitRepository } from './core/codetour/tourHistory';
import { resolvePath } from '../../common/src/paths';
import { decodeText, MAX_FILE_BYTES } from './core/text';

/** A git command that takes longer is abandoned (a network file system, a huge repository). */
export const GIT_TIMEOUT_MS = 10_000;
/** Output cap of commands that answer a line (ids, prefixes). */
const SMALL_OUTPUT = 64 * 1024;
/** Output cap of `git blame --porcelain` of a tour (its text plus a header per line). */
const BLAME_OUTPUT = 4 * MAX_FILE_BYTES;

/** Config that makes read-only commands run nothing a repository's config names. */
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'log.showSignature=false', '-c', 'core.untrackedCache=false', '-c', 'safe.bareRepository=explicit', '-c', 'blame.ignoreRevsFile='];

const COMMIT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/**
 * A ref as a tour may name it: a branch, tag or commit id, `origin/main`, `v1.2`. No options, no
 * revision syntax (`..`, `^`, `~`, `:`, `@{`), no control characters or spaces.
 */
export function isSafeRef(ref: string): boolean {
  return ref.length > 0 && ref.length <= 255 && /^[A-Za-z0-9_][A-Za-z0-9_./+-]*$/.test(ref) && !ref.includes('..') && !ref.includes('//') && !ref.endsWith('/') && !ref.endsWith('.') && !ref.endsWith('.lock');
}

type Run = { ok: true; stdout: Buffer } | { ok: false; missing: boolean; stderr: string };

export interface GitCliOptions {
  /** The git executable (default `git` on PATH). */
  git?: string;
  timeoutMs?: number;
}

export class GitCli implements GitHistory {
  private readonly git: string;
  private readonly timeoutMs: number;

  constructor(options: GitCliOptions = {}) {
    this.git = options.git ?? 'git';
    this.timeoutMs = options.timeoutMs ?? GIT_TIMEOUT_MS;
  }

  private run(cwd: string, args: string[], maxBytes = SMALL_OUTPUT): Promise<Run> {
    return new Promise((resolve) => {
      try {
        const child = execFile(
          this.git,
          [...SAFE_CONFIG, '--no-optional-locks', ...args],
          {
            cwd,
            encoding: 'buffer',
            maxBuffer: maxBytes,
            timeout: this.timeoutMs,
            windowsHide: true,
            env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_PAGER: 'cat' },
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

  private problem(result: Extract<Run, { ok: false }>): GitProblem {
    if (result.missing) return { problem: 'no-git', message: t('git is not installed or not on the PATH') };
    if (/not a git repository/i.test(result.stderr)) return { problem: 'not-a-repository', message: t('the folder is not a git repository') };
    const first = result.stderr.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
    return { problem: 'failed', message: t('git failed: {0}', first.length > 200 ? `${first.slice(0, 197)}…` : first) };
  }

  async repository(folder: string): Promise<GitRepository | GitProblem> {
    // The prefix (the folder's place in the repository), not --show-toplevel: the top is then
    // spelled like the folder, even when the folder is reached through a symbolic link.
    const prefix = await this.run(folder, ['rev-parse', '--show-prefix']);
    if (!prefix.ok) return this.problem(prefix);
    const inside = prefix.stdout.toString('utf8').trim().replace(/\/$/, '');
    const depth = inside === '' ? 0 : inside.split('/').length;
    const top = depth === 0 ? folder : resolvePath(folder, Array.from({ length: depth }, () => '..').join('/'));
    const head = await this.run(folder, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    const id = head.ok ? head.stdout.toString('utf8').trim() : '';
    return { top, head: COMMIT_ID.test(id) ? id : undefined };
  }

  async commitOfRef(repo: GitRepository, ref: string, tourPath: string): Promise<string | GitProblem> {
    const unknown: GitProblem = { problem: 'bad-ref', message: t('the tour\'s ref `{0}` is not a commit, branch or tag of this repository', ref) };
    if (!isSafeRef(ref)) return unknown;
    const resolved = await this.run(repo.top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
    const commit = resolved.ok ? resolved.stdout.toString('utf8').trim() : '';
    if (!COMMIT_ID.test(commit)) return resolved.ok || !(resolved.missing || /not a git repository/i.test(resolved.stderr)) ? unknown : this.problem(resolved);
    // A branch moved on since the tour was recorded: the last commit on it that changed the tour.
    // (`--end-of-options` is echoed by this form of rev-parse; the ref is validated not to start with `-`.)
    const name = await this.run(repo.top, ['rev-parse', '--symbolic-full-name', ref]);
    const full = name.ok ? name.stdout.toString('utf8').trim() : '';
    if (full.startsWith('refs/heads/') || full.startsWith('refs/remotes/')) {
      const last = await this.lastCommitFrom(repo, commit, tourPath);
      if (typeof last === 'string') return last;
    }
    return commit;
  }

  async blame(repo: GitRepository, commit: string, path: string): Promise<BlamedLine[] | undefined | GitProblem> {
    if (!COMMIT_ID.test(commit) || !isRelative(path)) return undefined;
    // The file as committed (blobs only: no working-tree text, so no clean filter runs), no textconv.
    const blame = await this.run(repo.top, ['blame', '--porcelain', '--no-textconv', commit, '--', path], BLAME_OUTPUT);
    if (!blame.ok) return /no such path/i.test(blame.stderr) ? undefined : this.problem(blame);
    const lines = parseBlame(blame.stdout.toString('utf8'));
    return Array.from(lines, (line) => line ?? { commit, time: 0 });
  }

  private async lastCommitFrom(repo: GitRepository, from: string, path: string): Promise<string | undefined | GitProblem> {
    if (!COMMIT_ID.test(from) || !isRelative(path)) return undefined;
    const log = await this.run(repo.top, ['log', '-1', '--format=%H', '--no-show-signature', from, '--', `:(literal)${path}`]);
    if (!log.ok) return this.problem(log);
    const id = log.stdout.toString('utf8').trim();
    return COMMIT_ID.test(id) ? id : undefined;
  }

  async show(repo: GitRepository, commit: string, path: string): Promise<string | undefined> {
    if (!COMMIT_ID.test(commit) || !isRelative(path)) return undefined;
    const blob = await this.run(repo.top, ['cat-file', 'blob', `${commit}:${path}`], MAX_FILE_BYTES);
    if (!blob.ok) return undefined;
    const text = decodeText(new Uint8Array(blob.stdout.buffer, blob.stdout.byteOffset, blob.stdout.byteLength));
    return text.kind === 'text' ? text.text : undefined;
  }
}

/** A path inside the repository, as git spells it: relative, `/`-separated, never leaving it. */
function isRelative(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !/^[A-Za-z]:/.test(path) && !path.split('/').some((part) => part === '..' || part === '') && !path.includes('\0');
}

const NOT_COMMITTED = /^0+$/;

/**
 * `git blame --porcelain` → per line (0-based), its commit and committer time; undefined for lines
 * not committed yet. A group starts `<commit> <original line> <final line> [<lines>]`; a commit's
 * `committer-time` is given the first time it appears; each line's content follows a tab.
 */
export function parseBlame(output: string): Array<BlamedLine | undefined> {
  const lines: Array<BlamedLine | undefined> = [];
  const times = new Map<string, number>();
  let current: { commit: string; final: number } | undefined;
  for (const line of output.split('\n')) {
    if (line.startsWith('\t')) {
      if (current) {
        lines[current.final] = NOT_COMMITTED.test(current.commit) ? undefined : { commit: current.commit, time: times.get(current.commit) ?? 0 };
        current = undefined;
      }
      continue;
    }
    const header = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) \d+ (\d+)(?: \d+)?$/.exec(line);
    if (header) {
      current = { commit: header[1]!, final: Number(header[2]) - 1 };
      continue;
    }
    const time = /^committer-time (\d+)$/.exec(line);
    if (time && current) times.set(current.commit, Number(time[1]));
  }
  return lines;
}
