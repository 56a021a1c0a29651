/**
 * The CLI under hostile or large input (issue 11): output that survives a slow pipe, atomic and
 * honest `--fix`, loud caps. Runs `node dist/cli.js` on real temporary folders; dist/cli.js is
 * rebuilt first when it is missing or older than the server sources.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, truncateSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkWorkspace, fixMovedLines } from '../../server/src/core/check';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import { replaceFileAtomically } from '../../server/src/core/atomicWrite';

const REPO = path.resolve(__dirname, '../..');
const CLI = path.join(REPO, 'dist/cli.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

before(() => {
  let stale = true;
  try {
    stale = statSync(CLI).mtimeMs < Math.max(newestSource(path.join(REPO, 'server/src')), newestSource(path.join(REPO, 'common/src')));
  } catch {
    stale = true;
  }
  if (stale) {
    const build = spawnSync(process.execPath, [path.join(REPO, 'scripts/build.mjs')], { cwd: REPO, encoding: 'utf8' });
    assert.equal(build.status, 0, `dist/cli.js is missing or stale and \`npm run build\` failed:\n${build.stdout}\n${build.stderr}`);
  }
});

const temps: string[] = [];
after(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

export function workspace(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'walkthrough-cli-rel-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/**
 * Runs the CLI the way CI does, `walkthrough check … | consumer`, through a real shell pipe whose
 * reader starts late (like `jq` still loading): a report bigger than the pipe buffer (64 KiB) is
 * then still being written when the check is done.
 */
function runPiped(args: string[], stallSeconds = 0.4): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = `${[process.execPath, CLI, ...args].map(quote).join(' ')}; echo "exit=$?" >&2`;
  return new Promise((resolve) => {
    // `set -o pipefail` is not POSIX; the exit status is reported from inside the left-hand side instead.
    const child = spawn('/bin/sh', ['-c', `{ ${command}; } | { sleep ${stallSeconds}; cat; }`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', () => {
      clearTimeout(timer);
      const exit = /exit=(\d+)\s*$/.exec(stderr);
      resolve({ code: exit ? Number(exit[1]) : null, stdout, stderr: stderr.replace(/exit=\d+\s*$/, '') });
    });
  });
}

/** A walkthrough with `n` steps that point at missing files: one diagnostic each, a big report. */
function manyMissingSteps(n: number): string {
  const steps = Array.from({ length: n }, (_, i) => `  - id: s${i}\n    title: Step number ${i} with a long enough title to make the report big\n    file: src/missing-${i}.go\n    lines: 1\n`);
  return `title: Big\nsteps:\n${steps.join('')}`;
}

describe('cli reliability', { concurrency: true }, () => {
  describe('output into a slow pipe is complete (item 1)', { concurrency: true }, () => {
    it('--json larger than the pipe buffer parses whole, exit 1', async () => {
      const dir = workspace({ 't.walkthrough.yaml': manyMissingSteps(1500) });
      const result = await runPiped(['check', dir, '--json']);
      const report = JSON.parse(result.stdout) as { walkthroughs: Array<{ steps: unknown[] }>; diagnostics: unknown[] };
      assert.equal(report.walkthroughs[0]!.steps.length, 1500);
      assert.equal(report.diagnostics.length, 1500);
      assert.ok(result.stdout.length > 256 * 1024, 'the report is bigger than any pipe buffer');
      assert.equal(result.code, 1);
    });

    it('into a reader that stops early (`| head -1`): no EPIPE stack trace, the exit code stays the check\'s', async () => {
      const dir = workspace({ 't.walkthrough.yaml': manyMissingSteps(1500) });
      for (const format of [[], ['--json']]) {
        const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
        const command = `${[process.execPath, CLI, 'check', dir, ...format].map(quote).join(' ')}; echo "exit=$?" >&2`;
        const result = spawnSync('/bin/sh', ['-c', `{ ${command}; } | head -1`], { encoding: 'utf8', timeout: 60_000 });
        assert.equal(result.stdout.split('\n').filter(Boolean).length, 1);
        assert.equal(result.stderr.replace(/exit=\d+\s*$/, ''), '', `nothing on stderr but the exit status (${format.join(' ')})`);
        assert.match(result.stderr, /exit=1\s*$/, 'the check failed (missing files), and says so even though the reader left');
      }
    });

    it('the human format keeps its summary line', async () => {
      const dir = workspace({ 't.walkthrough.yaml': manyMissingSteps(1500) });
      const result = await runPiped(['check', dir]);
      assert.equal(result.stdout.trimEnd().split('\n').at(-1), '1 walkthrough, 1500 steps: 1500 missing');
      assert.equal(result.code, 1);
    });
  });

  describe('--fix is atomic, safe and says what it did (item 5)', { concurrency: true }, () => {
    /** Code where `target()` sits on line 6 while walkthroughs say line 2. */
    const GO = 'package a\n\n// moved down\n// by an edit\n\nfunc target() {}\n';
    const moved = (id: string, extra = '') => `  - id: ${id}\n    file: a.go\n    lines: 2${extra}\n    anchor: func target() {}\n`;

    it('replaces the file by a rename (a kill mid-write cannot leave it empty or half written)', async () => {
      const dir = workspace({ 'a.go': GO, 't.walkthrough.yaml': `title: T\nsteps:\n${moved('one')}` });
      const file = path.join(dir, 't.walkthrough.yaml');
      chmodSync(file, 0o640);
      const before = statSync(file);
      const result = await runPiped(['check', dir, '--fix']);
      assert.match(result.stderr, /fixed 1 `lines` hint in t\.walkthrough\.yaml/);
      assert.match(readFileSync(file, 'utf8'), /lines: 6\n/);
      const after = statSync(file);
      assert.notEqual(after.ino, before.ino, 'written in place (truncate + write), not through a temporary file and a rename');
      assert.equal(after.mode & 0o777, 0o640, 'the file keeps its permissions');
      assert.deepEqual(readdirSync(dir).sort(), ['a.go', 't.walkthrough.yaml'], 'no temporary file is left behind');
    });

    it('an edit made after the check is never overwritten: the file is re-read and compared first', async () => {
      const dir = workspace({ 'a.go': GO, 't.walkthrough.yaml': `title: T\nsteps:\n${moved('one')}` });
      const file = path.join(dir, 't.walkthrough.yaml');
      const report = await checkWorkspace(new NodeFileSystem({ confineTo: [dir] }), dir);
      const edited = `title: Edited meanwhile\nsteps:\n${moved('one')}`;
      writeFileSync(file, edited);
      const fixes = await fixMovedLines(report, replaceFileAtomically);
      assert.equal(readFileSync(file, 'utf8'), edited);
      assert.equal(fixes.length, 1);
      assert.equal(fixes[0]!.outcome, 'changed');
      assert.equal(fixes[0]!.fixed, 0);
    });

    it('a read-only file is reported and skipped; the other files are still fixed', async () => {
      const dir = workspace({ 'a.go': GO, 'ro.walkthrough.yaml': `title: RO\nsteps:\n${moved('one')}`, 'rw.walkthrough.yaml': `title: RW\nid: rw\nsteps:\n${moved('one')}` });
      const ro = path.join(dir, 'ro.walkthrough.yaml');
      chmodSync(ro, 0o444);
      const result = await runPiped(['check', dir, '--fix']);
      assert.doesNotMatch(result.stderr, /internal error/);
      assert.match(result.stderr, /ro\.walkthrough\.yaml: not fixed: the file is read-only/);
      assert.match(result.stderr, /fixed 1 `lines` hint in rw\.walkthrough\.yaml/);
      assert.match(readFileSync(ro, 'utf8'), /lines: 2\n/);
      assert.match(readFileSync(path.join(dir, 'rw.walkthrough.yaml'), 'utf8'), /lines: 6\n/);
      // The summary is still printed, and a file that could not be fixed fails the run.
      assert.match(result.stdout, /2 walkthroughs, 2 steps: 1 ok, 1 moved/);
      assert.equal(result.code, 1);
    });

    it('never edits through a YAML alias or anchor, and says which step was skipped and why', async () => {
      const GO2 = 'package a\n\nfunc other() {}\n\n// moved\n\nfunc target() {}\n';
      const yaml = `title: T\nsteps:\n  - id: stays\n    file: a.go\n    lines: &L 3\n    anchor: func other() {}\n  - id: moves\n    file: a.go\n    lines: *L\n    anchor: func target() {}\n`;
      const dir = workspace({ 'a.go': GO2, 't.walkthrough.yaml': yaml });
      const result = await runPiped(['check', dir, '--fix']);
      assert.equal(readFileSync(path.join(dir, 't.walkthrough.yaml'), 'utf8'), yaml, 'the shared value was edited, which moves the other step too');
      assert.match(result.stderr, /t\.walkthrough\.yaml:9:\d+: skipped step `moves`: its `lines` is a YAML alias/);
      assert.doesNotMatch(result.stderr, /fixed/);
    });

    it('a block-scalar `lines` is skipped with a word, not silently', async () => {
      const yaml = `title: T\nsteps:\n  - id: block\n    file: a.go\n    lines: |\n      2\n    anchor: func target() {}\n`;
      const dir = workspace({ 'a.go': GO, 't.walkthrough.yaml': yaml });
      const result = await runPiped(['check', dir, '--fix']);
      assert.equal(readFileSync(path.join(dir, 't.walkthrough.yaml'), 'utf8'), yaml);
      assert.match(result.stderr, /skipped step `block`: its `lines` is a block scalar/);
    });
  });

  describe('file size is checked before reading (item 6)', { concurrency: true }, () => {
    it('a 3 GB code file is "too large", not "not found", and is never read', async () => {
      const dir = workspace({ 't.walkthrough.yaml': 'title: T\nsteps:\n  - file: huge.go\n    lines: 1\n', 'huge.go': '' });
      // Sparse: costs no disk space, but reading it would need 3 GB of memory (and fails above 2 GB).
      truncateSync(path.join(dir, 'huge.go'), 3 * 1024 ** 3);
      const result = await runPiped(['check', dir, '--json'], 0);
      const report = JSON.parse(result.stdout) as { diagnostics: Array<{ code: string; message: string }> };
      assert.deepEqual(report.diagnostics.map((d) => d.code), ['unreadable-file']);
      assert.match(report.diagnostics[0]!.message, /too large \(3145728 KiB; the limit is 5 MiB\)/);
      // In process: the engine asks for the size and never for the bytes.
      const disk = new NodeFileSystem({ confineTo: [dir] });
      const read: string[] = [];
      const recording = { readFile: (f: string) => (read.push(f), disk.readFile(f)), readDirectory: (d: string) => disk.readDirectory(d), size: (f: string) => disk.size(f) };
      const inProcess = await checkWorkspace(recording, dir);
      assert.match(inProcess.diagnostics[0]!.message, /too large/);
      assert.deepEqual(read.map((f) => path.basename(f)), ['t.walkthrough.yaml']);
    });
  });

  describe('a scan cap is a loud error (item 9)', { concurrency: true }, () => {
    const files = (walkthrough: string) => ({ ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`a/f${String(i).padStart(2, '0')}.txt`, 'x'])), 'z/t.walkthrough.yaml': walkthrough });

    it('more files than the cap: exit 1 with an error that names the cap and how to raise it', async () => {
      const dir = workspace(files('title: [broken\n'));
      const result = await runPiped(['check', dir, '--max-files=10', '--json'], 0);
      const report = JSON.parse(result.stdout) as { walkthroughs: unknown[]; diagnostics: Array<{ code: string; severity: string; message: string }> };
      assert.equal(result.code, 1);
      assert.equal(report.walkthroughs.length, 0);
      assert.deepEqual(report.diagnostics.map((d) => [d.code, d.severity]), [['scan-limit', 'error']]);
      assert.match(report.diagnostics[0]!.message, /Stopped after looking at 10 files.*--max-files=N/);
      const human = await runPiped(['check', dir, '--max-files=10'], 0);
      assert.match(human.stdout, /error: Stopped after looking at 10 files/);
      assert.equal(human.code, 1);
    });

    it('the default cap is 50,000 (the issue: 0 walkthroughs and exit 0)', async () => {
      const dir = workspace(files('title: T\nsteps:\n  - points: hello\n'));
      const result = await runPiped(['check', dir, '--max-files=13'], 0);
      assert.equal(result.code, 0, result.stdout);
      assert.match(result.stdout, /^1 walkthrough, 1 step: 1 ok\n$/);
      const usage = await runPiped(['check', dir, '--max-files=0'], 0);
      assert.equal(usage.code, 2);
      const help = await runPiped(['--help'], 0);
      assert.match(help.stdout, /--max-files=N .*default 50000/);
    });
  });

  describe('untrusted text in the terminal', { concurrency: true }, () => {
    it('escape sequences and line breaks from a walkthrough are shown escaped, never sent raw', async () => {
      const dir = workspace({ 't.walkthrough.yaml': 'title: T\nsteps:\n  - file: "\\e[2J\\e]8;;https://evil.example\\a\\u202ex.go\\nsrc/fake.go:1:1: error: forged"\n    lines: 1\n' });
      const result = await runPiped(['check', dir], 0);
      assert.equal(result.code, 1);
      assert.doesNotMatch(result.stdout, /[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
      assert.doesNotMatch(result.stdout, /^src\/fake\.go/m, 'a forged report line');
      assert.match(result.stdout, /\\u\{1b\}\[2J/);
    });
  });
});
