/**
 * The CLI under hostile or large input (issue 11): output that survives a slow pipe, atomic and
 * honest `--fix`, loud caps. Runs `node dist/cli.js` on real temporary folders; dist/cli.js is
 * rebuilt first when it is missing or older than the server sources.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

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
    stale = statSync(CLI).mtimeMs < newestSource(path.join(REPO, 'server/src'));
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

    it('the human format keeps its summary line', async () => {
      const dir = workspace({ 't.walkthrough.yaml': manyMissingSteps(1500) });
      const result = await runPiped(['check', dir]);
      assert.equal(result.stdout.trimEnd().split('\n').at(-1), '1 walkthrough, 1500 steps: 1500 missing');
      assert.equal(result.code, 1);
    });
  });
});
