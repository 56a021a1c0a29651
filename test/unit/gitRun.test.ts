/**
 * The one git runner behind the tour history and the review (server/src/gitRun.ts), run on a stand-in
 * `git` script that shows what it was given.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { gitFailure, runGit, SAFE_CONFIG } from '../../server/src/gitRun';

const dir = mkdtempSync(path.join(tmpdir(), 'walkthrough-gitrun-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A `git` that reads all of standard input first (it would wait forever on an open one), then prints its arguments and environment. */
const fakeGit = path.join(dir, 'git');
writeFileSync(fakeGit, '#!/bin/sh\ncat >/dev/null\nfor a in "$@"; do printf "%s\\n" "$a"; done\necho "PROMPT=$GIT_TERMINAL_PROMPT PAGER=$GIT_PAGER"\n');
chmodSync(fakeGit, 0o755);

describe('runGit', () => {
  it('closes standard input, passes the safe config before the command, and no prompt or pager', async () => {
    const result = await runGit(dir, ['log', '-1'], { git: fakeGit, timeoutMs: 5000 });
    assert.ok(result.ok, result.ok ? '' : result.stderr);
    const lines = result.stdout.toString('utf8').trim().split('\n');
    assert.deepEqual(lines.slice(0, SAFE_CONFIG.length), [...SAFE_CONFIG]);
    assert.deepEqual(lines.slice(SAFE_CONFIG.length, SAFE_CONFIG.length + 3), ['--no-optional-locks', 'log', '-1']);
    assert.equal(lines.at(-1), 'PROMPT=0 PAGER=cat');
    for (const key of ['core.fsmonitor=false', 'log.showSignature=false', 'diff.external=']) assert.ok(SAFE_CONFIG.includes(key), key);
  });

  it('says git is missing when the executable is not there, and never throws on a NUL in an argument', async () => {
    const missing = await runGit(dir, ['status'], { git: path.join(dir, 'no-such-git') });
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.equal(gitFailure(missing).problem, 'no-git');
    const nul = await runGit(dir, ['show', 'a\0b'], { git: fakeGit });
    assert.equal(nul.ok, false);
    if (!nul.ok) assert.equal(gitFailure(nul).problem, 'failed');
  });

  it('abandons a command that outlives its timeout', async () => {
    const slow = path.join(dir, 'slow-git');
    writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n');
    chmodSync(slow, 0o755);
    const result = await runGit(dir, ['status'], { git: slow, timeoutMs: 200 });
    assert.equal(result.ok, false);
  });
});
