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

describe('readRegularFile: whole files of every size, never more than the limit', () => {
  const base = mkdtempSync(path.join(tmpdir(), 'cw-nodefs-read-'));
  after(() => rmSync(base, { recursive: true, force: true }));

  it('reads empty, small, exactly-at-limit and multi-megabyte files byte for byte', async () => {
    const sizes = [0, 1, 4095, 4096, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024 + 17];
    for (const size of sizes) {
      const file = path.join(base, `f${size}`);
      const bytes = new Uint8Array(size).map((_, i) => (i * 31 + size) & 0xff);
      writeFileSync(file, bytes);
      const found = await readRegularFile(file, size);
      assert.ok('bytes' in found, `size ${size}`);
      assert.equal(found.bytes.byteLength, size);
      assert.deepEqual(Buffer.from(found.bytes), Buffer.from(bytes), `size ${size}`);
      if (size > 0) assert.deepEqual(await readRegularFile(file, size - 1), { tooLarge: size });
    }
  });

  it('a file that grows while it is read is read to its end, or refused when it passes the limit', async () => {
    const file = path.join(base, 'growing');
    writeFileSync(file, 'abc');
    const { promises } = await import('node:fs');
    const realOpen = promises.open;
    // The file grows between the open's look (fstat) and the reads.
    promises.open = (async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      const realStat = handle.stat.bind(handle);
      handle.stat = (async (...a: Parameters<typeof realStat>) => {
        const stat = await realStat(...a);
        writeFileSync(file, 'abc'.repeat(50_000));
        return stat;
      }) as typeof handle.stat;
      return handle;
    }) as typeof realOpen;
    try {
      const grown = await readRegularFile(file, 1024 * 1024);
      assert.ok('bytes' in grown);
      assert.equal(new TextDecoder().decode(grown.bytes), 'abc'.repeat(50_000));
      writeFileSync(file, 'abc');
      assert.deepEqual(await readRegularFile(file, 1000), { tooLarge: 1001 });
    } finally {
      promises.open = realOpen;
    }
  });
});

describe('readRegularFile: the exact bytes, in a buffer the size of the file', () => {
  const base = mkdtempSync(path.join(tmpdir(), 'cw-nodefs-read-'));
  after(() => rmSync(base, { recursive: true, force: true }));

  it('holds each file in one buffer of about its size, whatever the limit (no megabyte per read)', async () => {
    for (const size of [0, 1, 4096, 5000, 70_000, 300_000]) {
      const file = path.join(base, `f${size}.txt`);
      const content = new Uint8Array(size).map((_, i) => 97 + (i % 26));
      writeFileSync(file, content);
      const found = await readRegularFile(file, 2 * 1024 * 1024);
      assert.ok('bytes' in found, `size ${size}`);
      assert.deepEqual(Buffer.from(found.bytes), Buffer.from(content), `size ${size}: the same bytes`);
      assert.ok(found.bytes.buffer.byteLength <= size + 1, `size ${size}: a buffer of ${found.bytes.buffer.byteLength} bytes`);
    }
  });

  it('still says too large when the limit is passed, and reads a file exactly at the limit', async () => {
    const file = path.join(base, 'limit.txt');
    writeFileSync(file, 'x'.repeat(100));
    assert.deepEqual(await readRegularFile(file, 99), { tooLarge: 100 });
    const found = await readRegularFile(file, 100);
    assert.ok('bytes' in found);
    assert.equal(found.bytes.byteLength, 100);
  });
});
