/**
 * The Go toolchain's own checks on the parts of the sample that build without a module proxy:
 * gofmt on every file; go vet and go test on the packages that need only the standard library and
 * Debian's packaged protobuf-go/grpc (GOPATH mode, the sample linked in as `mxshop_srvs`); and the
 * generated order.pb.go really is protoc's output for order.proto. Each check is skipped, with the
 * reason, only when its tool is not installed (CI installs Debian's golang-go, protobuf-compiler,
 * protoc-gen-go and the Go protobuf/grpc packages).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const SAMPLE = path.resolve(__dirname, '../../sample-repo');
/** Packages without third-party modules other than Debian's protobuf-go and grpc. */
const PACKAGES = ['./pkg/...', './examples/...', './goods_srv/proto/', './order_srv/proto/', './inventory_srv/proto/'];
const DEBIAN_GOPATH = '/usr/share/gocode';

const has = (tool: string) => spawnSync(tool, ['--help'], { stdio: 'ignore' }).error === undefined;
const hasGo = spawnSync('go', ['version'], { stdio: 'ignore' }).error === undefined;
const hasGoPackages = existsSync(path.join(DEBIAN_GOPATH, 'src/google.golang.org/protobuf')) && existsSync(path.join(DEBIAN_GOPATH, 'src/google.golang.org/grpc'));
const skipGo = hasGo ? false : 'go is not installed (apt-get install golang-go)';
const skipPackages = skipGo || (hasGoPackages ? false : `Debian's Go protobuf/grpc packages are not in ${DEBIAN_GOPATH} (apt-get install golang-google-protobuf-dev golang-google-grpc-dev)`);
const skipProtoc = has('protoc') && has('protoc-gen-go') ? false : 'protoc or protoc-gen-go is not installed (apt-get install protobuf-compiler protoc-gen-go)';
for (const reason of [skipGo, skipPackages, skipProtoc]) if (reason) console.log(`# sample-go: skipping: ${reason}`);

const gopath = mkdtempSync(path.join(tmpdir(), 'cw-gopath-'));
after(() => rmSync(gopath, { recursive: true, force: true }));
mkdirSync(path.join(gopath, 'src'));
symlinkSync(SAMPLE, path.join(gopath, 'src', 'mxshop_srvs'));
const linked = path.join(gopath, 'src', 'mxshop_srvs');

function go(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('go', args, {
    cwd: linked,
    encoding: 'utf8',
    timeout: 240_000,
    // PWD: go takes the package path from the working directory it is told, not the resolved symlink.
    env: { ...process.env, GO111MODULE: 'off', GOPATH: `${gopath}:${DEBIAN_GOPATH}`, GOFLAGS: '', PWD: linked, ...env },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('sample Go code, checked by the Go toolchain', () => {
  it('every .go file is gofmt-formatted', { skip: skipGo }, () => {
    const result = spawnSync('gofmt', ['-l', '.'], { cwd: SAMPLE, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout.trim(), '', `not gofmt-formatted:\n${result.stdout}`);
  });

  it('go vet passes on the packages that build without a module proxy', { skip: skipPackages }, () => {
    const result = go(['vet', ...PACKAGES]);
    assert.equal(result.status, 0, result.output);
  });

  it('go test passes on them (snowflake, runtime examples incl. asynchronous preemption, protobuf)', { skip: skipPackages }, () => {
    const result = go(['test', '-count=1', '-timeout', '120s', ...PACKAGES]);
    assert.equal(result.status, 0, result.output);
    for (const pkg of ['pkg/snowflake', 'examples/goruntime', 'goods_srv/proto']) assert.match(result.output, new RegExp(`^ok\\s+mxshop_srvs/${pkg}\\s`, 'm'));
  });

  it('order_srv/proto/order.pb.go is protoc\'s output for order.proto, not a hand edit', { skip: skipProtoc }, () => {
    const out = mkdtempSync(path.join(tmpdir(), 'cw-protoc-'));
    try {
      const dir = path.join(SAMPLE, 'order_srv/proto');
      const result = spawnSync('protoc', [`--go_out=${out}`, '--go_opt=paths=source_relative', 'order.proto'], { cwd: dir, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(readFileSync(path.join(out, 'order.pb.go'), 'utf8'), readFileSync(path.join(dir, 'order.pb.go'), 'utf8'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
