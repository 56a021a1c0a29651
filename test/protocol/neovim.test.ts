/**
 * A real third-party LSP client: Neovim's built-in one, headless, talking to `dist/server.js
 * --stdio`. CI installs Debian's neovim (.ci/run); skipped where `nvim` is not installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { sampleFiles } from './fixtures';
import { removeWorkspace, SERVER, tempWorkspace } from './lspClient';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvim.status === 0;

it('Neovim shows the lenses, hover and diagnostics, and lenses follow its edits', { skip: hasNvim ? false : 'nvim is not installed' }, () => {
  const dir = tempWorkspace(sampleFiles());
  const out = path.join(dir, 'nvim-out.txt');
  try {
    const run = spawnSync('nvim', ['--headless', '--clean', '-u', path.join(__dirname, 'neovim', 'probe.lua')], {
      cwd: dir,
      env: { ...process.env, WALKTHROUGHS_SERVER: SERVER, WALKTHROUGHS_ROOT: dir, WALKTHROUGHS_OUT: out },
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(readFileSync(out, 'utf8').trim().split('\n'), [
      'lens 7: 下单链路 · 3/4 inventory.go:8-15',
      'lens 8: 下单链路 · 2/4 Sell: 加锁扣库存',
      'lens 16: 下单链路 · 4/4 Reback',
      'lens 17: 归还库存 · 1/4 Print',
      'lens 21: 归还库存 · 2/4 Lock helper',
      'hover: **Sell: 加锁扣库存**',
      'after edit: 10: 下单链路 · 2/4 Sell: 加锁扣库存',
      'diag 6: anchor-moved The code moved: it is now at line 20 (`l',
      'diag 12: anchor-fuzzy The anchor text changed: the closest mat',
      'diag 16: anchor-stale The anchor text was not found anywhere i',
      'diag 19: file-not-found File not found: `handler/nope.go` (relat',
    ]);
  } finally {
    removeWorkspace(dir);
  }
});
