/**
 * `walkthrough import` on real temporary folders, in-process: the memo is read only when it is a
 * regular file of bounded size, and `--out` is written by the same rules as `check --fix`
 * (no links followed or replaced, read-only files left alone, the mode, line endings, byte order
 * mark and comments kept, a YAML file that is not a walkthrough never written into).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { runImport } from '../../server/src/cliImport';

const CODE = 'package order\n\ntype OrderServer struct{}\n\nfunc (s *OrderServer) CreateOrder() error {\n\tres, err := producer.SendMessageInTransaction(ctx, msg)\n\treturn err\n}\n';
const MEMO = '# Notes\n\n## 下单\n\n`order.go` 里的 `CreateOrder` 方法：\n\n```go\nres, err := producer.SendMessageInTransaction(ctx, msg)\n```\n';
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const isRoot = process.getuid?.() === 0;

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wt-import-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'order.go'), CODE);
  writeFileSync(path.join(dir, 'notes.md'), MEMO);
  return dir;
}

function sink() {
  const chunks: string[] = [];
  return { write: (chunk: string) => (chunks.push(chunk), true), get text() { return chunks.join(''); } };
}

async function cli(dir: string, ...args: string[]) {
  const out = sink();
  const err = sink();
  const code = await runImport([...args, '--root', dir], out, err);
  return { code, out: out.text, err: err.text };
}

describe('walkthrough import: the memo', () => {
  it('a FIFO, /dev/zero and a folder are refused at once as not regular files', async () => {
    const dir = workspace();
    const fifo = path.join(dir, 'pipe.md');
    if (spawnSync('mkfifo', [fifo]).status === 0) {
      const r = await cli(dir, fifo);
      assert.equal(r.code, 2);
      assert.match(r.err, /not a regular file/);
    }
    if (existsSync('/dev/zero')) {
      const r = await cli(dir, '/dev/zero');
      assert.equal(r.code, 2);
      assert.match(r.err, /not a regular file/);
    }
    const r = await cli(dir, dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /not a regular file/);
  });

  it('a memo over the limit is refused by its size, never read', async () => {
    const dir = workspace();
    const huge = path.join(dir, 'huge.md');
    writeFileSync(huge, '');
    // Sparse: 3 GiB on the disk costs nothing, in memory it would.
    truncateSync(huge, 3 * 1024 ** 3);
    const r = await cli(dir, huge);
    assert.equal(r.code, 2);
    assert.match(r.err, /too large/);
  });
});

describe('walkthrough import --out', () => {
  it('writes a new file, then updates it keeping CRLF, the byte order mark, comments, blank lines and the mode', async () => {
    const dir = workspace();
    const out = path.join(dir, 'notes.walkthrough.yaml');
    assert.equal((await cli(dir, path.join(dir, 'notes.md'))).code, 0);
    const first = readFileSync(out, 'utf8');
    const mine = `\uFEFF# my comment\r\n${first.replace(/(- id: create-order [^\n]*\n    title: )[^\n]*/, '$1我的标题\n\n    # about this step').replace(/\n/g, '\r\n')}`;
    writeFileSync(out, mine);
    chmodSync(out, 0o600);
    const r = await cli(dir, path.join(dir, 'notes.md'), '--out', out);
    assert.equal(r.code, 0, r.err);
    const second = readFileSync(out, 'utf8');
    assert.ok(second.startsWith('\uFEFF# my comment\r\n'), 'the byte order mark and the comment stay');
    assert.equal(second.replace(/\r\n/g, '').includes('\n'), false, 'every line ends with CRLF');
    assert.match(second, /# about this step/);
    assert.match(second, /title: 我的标题\r\n\r\n/);
    assert.equal(statSync(out).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
  });

  it('refuses a symbolic link, a read-only file, a folder, an unreadable file and a YAML file that is not a walkthrough', async () => {
    const dir = workspace();
    const memo = path.join(dir, 'notes.md');
    const real = path.join(dir, 'real.walkthrough.yaml');
    assert.equal((await cli(dir, memo, '--out', real)).code, 0);
    const link = path.join(dir, 'link.walkthrough.yaml');
    symlinkSync(real, link);
    let r = await cli(dir, memo, '--out', link);
    assert.equal(r.code, 1);
    assert.match(r.err, /symbolic link/);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');

    const readOnly = path.join(dir, 'ro.walkthrough.yaml');
    writeFileSync(readOnly, readFileSync(real, 'utf8'));
    chmodSync(readOnly, 0o444);
    const before = readFileSync(readOnly, 'utf8');
    r = await cli(dir, memo, '--out', readOnly);
    assert.equal(r.code, 1);
    assert.match(r.err, /read-only/);
    assert.equal(readFileSync(readOnly, 'utf8'), before);

    const folder = path.join(dir, 'folder.yaml');
    mkdirSync(folder);
    r = await cli(dir, memo, '--out', folder);
    assert.equal(r.code, 1);
    assert.match(r.err, /is a folder/);
    assert.doesNotMatch(r.err, /EISDIR|internal error/);

    if (!isRoot) {
      const unreadable = path.join(dir, 'secret.walkthrough.yaml');
      writeFileSync(unreadable, 'title: Mine\nsteps:\n  - points: p\n');
      chmodSync(unreadable, 0o200);
      r = await cli(dir, memo, '--out', unreadable);
      assert.equal(r.code, 1);
      assert.match(r.err, /cannot be read/);
      chmodSync(unreadable, 0o600);
      assert.equal(readFileSync(unreadable, 'utf8'), 'title: Mine\nsteps:\n  - points: p\n');
    }

    const compose = path.join(dir, 'compose.yml');
    writeFileSync(compose, 'services:\n  web:\n    image: nginx\n');
    r = await cli(dir, memo, '--out', compose);
    assert.equal(r.code, 1);
    assert.match(r.err, /not a walkthrough/);
    assert.equal(readFileSync(compose, 'utf8'), 'services:\n  web:\n    image: nginx\n');
  });
});
