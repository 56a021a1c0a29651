/**
 * Review walkthroughs from changes and `check --changed` (issue 27), on real git repositories built
 * here with commits, renames, deletions, uncommitted and untracked changes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { checkWorkspace } from '../../server/src/core/check';
import { WalkthroughEngine } from '../../server/src/core/engine';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import { toEnginePath } from '../../common/src/paths';
import { onlyChanged } from '../../server/src/core/review/changed';
import { parseUnifiedDiff, unquoteGitPath } from '../../server/src/core/review/diff';
import { reviewStepsIn, reviewText } from '../../server/src/features/review';
import { changesSince } from '../../server/src/gitReview';

const temps: string[] = [];
after(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e', GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

const A = `package shop

func Alpha() int {
	x := 1
	return x
}

func Beta() int {
	return 2
}

func Gamma() int {
	y := 3
	y++
	return y
}
`;

/** main: a.go, b.go, f.go. feature: two commits, then uncommitted and untracked changes. */
function repository(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'walkthrough-review-'));
  temps.push(dir);
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, { 'a.go': A, 'b.go': 'package shop\n\nfunc Bee() {}\n', 'f.go': 'package shop\n\nfunc Gone() {\n\tprintln("bye")\n}\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  git(dir, 'checkout', '-q', '-b', 'feature');
  // Commit 1: Alpha's body changes; a new function Delta after Beta.
  write(dir, { 'a.go': A.replace('\tx := 1\n', '\tx := 10 // ten\n').replace('func Gamma', 'func Delta() string {\n\treturn "d"\n}\n\nfunc Gamma') });
  git(dir, 'commit', '-q', '-am', 'alpha, delta');
  // Commit 2: Gamma loses a line; b.go is renamed; f.go is deleted.
  write(dir, { 'a.go': readFileSync(path.join(dir, 'a.go'), 'utf8').replace('\ty++\n', '') });
  git(dir, 'mv', 'b.go', 'bee.go');
  git(dir, 'rm', '-q', 'f.go');
  git(dir, 'commit', '-q', '-m', 'gamma, rename, delete');
  // Uncommitted: Beta changes. Untracked: e.go.
  write(dir, { 'a.go': readFileSync(path.join(dir, 'a.go'), 'utf8').replace('return 2', 'return 20'), 'e.go': 'package shop\n\nfunc Epsilon() {}\n' });
  return dir;
}

async function review(dir: string, existing?: string) {
  const changes = await changesSince(dir, 'main');
  assert.ok(changes.ok, changes.ok ? '' : changes.message);
  const engine = new WalkthroughEngine({ fs: new NodeFileSystem({ confineTo: [dir] }), folders: [toEnginePath(dir)] });
  const steps = await reviewStepsIn(engine, toEnginePath(dir), changes.changes);
  const text = reviewText(steps, 'Review', existing);
  assert.ok(text.ok, text.ok ? '' : text.error);
  return { changes, steps, text: text.text };
}

describe('review walkthroughs from changes', () => {
  it('one step per declaration touched, in the order of the diff, anchored on the new code with symbol; removed code quoted', async () => {
    const dir = repository();
    const { steps, changes } = await review(dir);
    assert.equal(changes.baseLabel, 'main');
    assert.equal(changes.branch, 'feature');
    assert.deepEqual(steps.map((s) => [s.title, s.symbol, s.file]), [
      ['Alpha', 'Alpha', 'a.go'],
      ['Beta', 'Beta', 'a.go'],
      ['Delta', 'Delta', 'a.go'],
      ['Removed from Gamma in a.go', undefined, undefined],
      ['Deleted f.go', undefined, undefined],
      ['Epsilon', 'Epsilon', 'e.go'],
    ]);
    assert.equal(steps[0]!.anchor, 'x := 10 // ten');
    assert.match(steps[3]!.points!, /y\+\+/);
    assert.match(steps[4]!.points!, /println\("bye"\)/);
    assert.equal(new Set(steps.map((s) => s.id)).size, steps.length, 'ids are unique');
  });

  it('the written walkthrough resolves on the working tree: every code step ok', async () => {
    const dir = repository();
    const { text } = await review(dir);
    writeFileSync(path.join(dir, 'review.walkthrough.yaml'), text);
    const report = await checkWorkspace(new NodeFileSystem({ confineTo: [dir] }), toEnginePath(dir));
    const review0 = report.walkthroughs.find((w) => w.file === 'review.walkthrough.yaml')!;
    assert.deepEqual(review0.steps.map((s) => s.status), ['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    assert.deepEqual(report.diagnostics.filter((d) => d.severity === 'error'), []);
  });

  it('re-running after more commits updates the code and keeps what the author wrote', async () => {
    const dir = repository();
    const first = await review(dir);
    const file = path.join(dir, 'review.walkthrough.yaml');
    // The author retitles Alpha, writes points for Beta, adds a comment.
    const authored = first.text.replace('title: Alpha', 'title: Why Alpha takes ten # author').replace(/(  - id: review-a-go-beta\n)/, '# the risky one\n$1').replace(/(    symbol: Beta\n)/, '$1    points: Check the callers of Beta.\n');
    writeFileSync(file, authored);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'wip');
    // More work: Alpha moves down (lines inserted above it), Beta's change is reverted, Zeta is new.
    write(dir, { 'a.go': readFileSync(path.join(dir, 'a.go'), 'utf8').replace('package shop\n', 'package shop\n\n// Zeta is new.\nfunc Zeta() {}\n').replace('return 20', 'return 2') });
    const again = await review(dir, authored);
    const doc = parse(again.text) as { steps: Array<Record<string, string>> };
    const byId = new Map(doc.steps.map((s) => [s.id, s]));
    assert.equal(byId.get('review-a-go-alpha')!.title, 'Why Alpha takes ten');
    assert.match(again.text, /# the risky one/);
    assert.equal(byId.get('review-a-go-beta')!.points, 'Check the callers of Beta.', 'a step the author wrote for stays');
    assert.ok(byId.has('review-a-go-zeta'), 'a new declaration gets a step');
    assert.ok(doc.steps.findIndex((s) => s.id === 'review-a-go-zeta') < doc.steps.findIndex((s) => s.id === 'review-a-go-alpha'), 'in the order of the diff');
    assert.ok(Number(String(byId.get('review-a-go-alpha')!.lines).split('-')[0]) > 5, 'Alpha\'s lines follow the code');
  });

  it('check --changed lists exactly the steps whose code the change touches', async () => {
    const dir = repository();
    write(dir, {
      'tour.walkthrough.yaml': `title: Onboarding
steps:
  - id: alpha
    file: a.go
    anchor: x := 1
    symbol: Alpha
  - id: beta-head
    file: a.go
    anchor: func Beta() int {
  - id: gamma-return
    file: a.go
    anchor: return y
    symbol: Gamma
  - id: bee
    file: b.go
    anchor: func Bee() {}
  - id: gone
    file: f.go
    anchor: println("bye")
  - id: intro
    points: Welcome.
`,
    });
    const report = await checkWorkspace(new NodeFileSystem({ confineTo: [dir] }), toEnginePath(dir));
    const changes = await changesSince(dir, 'main');
    assert.ok(changes.ok);
    const changed = onlyChanged(report, changes.changes);
    const tour = changed.report.walkthroughs.find((w) => w.id === 'tour');
    assert.deepEqual(tour?.steps.map((s) => s.id), ['alpha', 'bee', 'gone']);
    assert.equal(changed.broken, 2, 'the deleted file and the renamed one (no symbol to follow) break a step each');
    const alpha = tour!.steps[0]!;
    assert.notEqual(alpha.status, 'ok', 'the change made it inexact');
    assert.ok(changed.report.diagnostics.every((d) => d.file === 'tour.walkthrough.yaml' || d.file === 'review.walkthrough.yaml'));
  });

  it('says clearly when the folder is not a repository or the base does not exist', async () => {
    const plain = mkdtempSync(path.join(tmpdir(), 'walkthrough-norepo-'));
    temps.push(plain);
    const none = await changesSince(plain, 'main');
    assert.equal(none.ok, false);
    assert.equal(!none.ok && none.problem, 'not-a-repository');
    const dir = repository();
    for (const base of ['nope', '--upload-pack=touch /tmp/x', 'main..feature', '-x']) {
      const result = await changesSince(dir, base);
      assert.equal(result.ok, false, base);
      assert.equal(!result.ok && result.problem, 'bad-base', base);
    }
  });
});

describe('unified diff reading', () => {
  it('reads C-quoted names, renames, added and deleted files', () => {
    assert.equal(unquoteGitPath('"a/caf\\303\\251\\tx\\"y"'), 'a/café\tx"y');
    const files = parseUnifiedDiff(`diff --git a/old.go b/new.go
similarity index 90%
rename from old.go
rename to new.go
--- a/old.go
+++ b/new.go
@@ -3 +3,2 @@ func A() {
-	a := 1
+	a := 2
+	b := 3
diff --git "a/x\\nevil.go" "b/x\\nevil.go"
new file mode 100644
--- /dev/null
+++ "b/x\\nevil.go"
@@ -0,0 +1 @@
+package x
diff --git a/gone.go b/gone.go
deleted file mode 100644
--- a/gone.go
+++ /dev/null
@@ -1 +0,0 @@
-package gone
`);
    assert.deepEqual(files.map((f) => [f.status, f.oldPath, f.newPath]), [
      ['renamed', 'old.go', 'new.go'],
      ['added', undefined, 'x\nevil.go'],
      ['deleted', 'gone.go', undefined],
    ]);
    assert.deepEqual(files[0]!.hunks[0], { oldStart: 3, oldLines: 1, newStart: 3, newLines: 2, removed: ['\ta := 1'], added: ['\ta := 2', '\tb := 3'] });
  });
});

