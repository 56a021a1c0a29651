/** FileSystem.isDirectory: how the server tells a created folder from a created file (no node:fs past the interface). */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';

describe('FileSystem.isDirectory', () => {
  it('MemoryFileSystem: a folder is a prefix of some file, a file is not a folder', async () => {
    const fs = new MemoryFileSystem({ '/ws/tours/a.walkthrough.yaml': 'title: A\n', '/ws/toursx.go': 'package x\n' });
    assert.equal(await fs.isDirectory('/ws/tours'), true);
    assert.equal(await fs.isDirectory('/ws/tours/'), true);
    assert.equal(await fs.isDirectory('/ws/tours/a.walkthrough.yaml'), false);
    assert.equal(await fs.isDirectory('/ws/tour'), false);
    assert.equal(await fs.isDirectory('/ws/nothing'), false);
  });

  it('NodeFileSystem: folders inside the workspace only, never through a link that leads out', async () => {
    const base = mkdtempSync(path.join(tmpdir(), 'cw-isdir-'));
    after(() => rmSync(base, { recursive: true, force: true }));
    const ws = path.join(base, 'ws');
    mkdirSync(path.join(ws, 'sub'), { recursive: true });
    mkdirSync(path.join(base, 'outside'));
    writeFileSync(path.join(ws, 'file.go'), 'package ws\n');
    symlinkSync(path.join(base, 'outside'), path.join(ws, 'escape'));
    const fs = new NodeFileSystem({ confineTo: [ws] });
    assert.equal(await fs.isDirectory(path.join(ws, 'sub')), true);
    assert.equal(await fs.isDirectory(path.join(ws, 'file.go')), false);
    assert.equal(await fs.isDirectory(path.join(ws, 'missing')), false);
    assert.equal(await fs.isDirectory(path.join(ws, 'escape')), false);
  });
});
