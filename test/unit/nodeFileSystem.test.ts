import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { NodeFileSystem, readRegularFile, readRegularFileSync } from '../../server/src/core/nodeFileSystem';

for (const synchronous of [false, true]) {
describe(`NodeFileSystem confined to the workspace${synchronous ? ' (synchronous)' : ''}`, () => {
  const base = mkdtempSync(path.join(tmpdir(), 'cw-nodefs-'));
  const ws = path.join(base, 'ws');
  mkdirSync(path.join(ws, 'sub'), { recursive: true });
  writeFileSync(path.join(base, 'secret.txt'), 'outside');
  writeFileSync(path.join(ws, 'sub', 'inside.go'), 'package sub\n');
  symlinkSync(path.join(base, 'secret.txt'), path.join(ws, 'escape.go'));
  symlinkSync(path.join(ws, 'sub', 'inside.go'), path.join(ws, 'alias.go'));
  symlinkSync(base, path.join(ws, 'up'));
  after(() => rmSync(base, { recursive: true, force: true }));

  it('reads files inside, including links that stay inside', async () => {
    const fs = new NodeFileSystem({ confineTo: [ws], synchronous });
    assert.equal(new TextDecoder().decode(await fs.readFile(path.join(ws, 'sub', 'inside.go'))), 'package sub\n');
    assert.equal(new TextDecoder().decode(await fs.readFile(path.join(ws, 'alias.go'))), 'package sub\n');
  });

  it('refuses a link that leads outside, and directories reached through one', async () => {
    const fs = new NodeFileSystem({ confineTo: [ws], synchronous });
    assert.equal(await fs.readFile(path.join(ws, 'escape.go')), undefined);
    assert.deepEqual(await fs.readDirectory(path.join(ws, 'up')), []);
    assert.equal(await fs.readFile(path.join(ws, 'up', 'secret.txt')), undefined);
  });

  it('does not list links while scanning, so a link loop cannot stall discovery', async () => {
    const fs = new NodeFileSystem({ confineTo: [ws], synchronous });
    const names = (await fs.readDirectory(ws)).map(([name]) => name).sort();
    assert.deepEqual(names, ['sub']);
  });

  it('without confinement reads what the path names (the CLI and server always confine)', async () => {
    const fs = new NodeFileSystem();
    assert.equal(new TextDecoder().decode(await fs.readFile(path.join(ws, 'escape.go'))), 'outside');
  });
});

describe(`NodeFileSystem: one look per read, real folder paths remembered until invalidated${synchronous ? ' (synchronous)' : ''}`, () => {
  const base = mkdtempSync(path.join(tmpdir(), 'cw-nodefs-cache-'));
  const ws = path.join(base, 'ws');
  mkdirSync(path.join(ws, 'pkg'), { recursive: true });
  mkdirSync(path.join(base, 'outside'), { recursive: true });
  writeFileSync(path.join(ws, 'pkg', 'a.go'), 'package inside\n');
  writeFileSync(path.join(base, 'outside', 'a.go'), 'package outside\n');
  after(() => rmSync(base, { recursive: true, force: true }));

  it('a folder replaced by a link to the outside is refused once the change is reported', async () => {
    const fs = new NodeFileSystem({ confineTo: [ws], synchronous });
    const file = path.join(ws, 'pkg', 'a.go');
    assert.equal(new TextDecoder().decode(await fs.readFile(file)), 'package inside\n');
    renameSync(path.join(ws, 'pkg'), path.join(ws, 'old'));
    symlinkSync(path.join(base, 'outside'), path.join(ws, 'pkg'));
    fs.invalidate();
    assert.equal(await fs.readFile(file), undefined, 'the link leads outside');
    assert.equal(await fs.size(file), undefined);
  });

  it('readBounded: the bytes up to the limit, the size above it, nothing for a folder or a missing file', async () => {
    const fs = new NodeFileSystem({ confineTo: [ws], synchronous });
    const file = path.join(ws, 'old', 'a.go');
    assert.deepEqual(await fs.readBounded(file, 3), { tooLarge: 15 });
    const found = await fs.readBounded(file, 100);
    assert.ok(found && 'bytes' in found);
    assert.equal(new TextDecoder().decode(found.bytes), 'package inside\n');
    assert.equal(await fs.readBounded(path.join(ws, 'old'), 100), undefined);
    assert.equal(await fs.readBounded(path.join(ws, 'nope.go'), 100), undefined);
  });

  it('readRegularFile: every byte of empty, small and multi-megabyte files, in a buffer of the file size', async () => {
    for (const size of [0, 1, 5000, 3 * 1024 * 1024 + 7]) {
      const file = path.join(ws, `sized-${size}.bin`);
      const bytes = new Uint8Array(size).map((_, i) => (i * 31 + 7) % 251);
      writeFileSync(file, bytes);
      const read = synchronous ? readRegularFileSync : readRegularFile;
      const found = await read(file, 8 * 1024 * 1024);
      assert.ok('bytes' in found, String(size));
      assert.deepEqual(Buffer.from(found.bytes), Buffer.from(bytes), String(size));
      // Not a megabyte per small file: the buffer holds the file and the one byte that tells it ended.
      if (size < 1024 * 1024) assert.ok(found.bytes.buffer.byteLength <= size + 1, `${size}: ${found.bytes.buffer.byteLength}`);
      if (size > 0) assert.deepEqual(await read(file, size - 1), { tooLarge: size });
    }
  });
});
}
