/**
 * Decayed CodeTour tours, repaired from history: small real git repositories with real commits
 * in a temporary folder. A tour records line numbers; code above those lines changes after the
 * tour was committed; the steps must land on the code the tour was written about — when read
 * live, when converted, and through `walkthrough import-codetour`. Expected lines come from the
 * code text, never typed in.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { runImportCodeTour } from '../../server/src/cliCodeTour';
import { runExport } from '../../server/src/cliExport';
import { convertTour } from '../../server/src/core/codetour/convertTour';
import { unchangedLines, type GitHistory } from '../../server/src/core/codetour/tourHistory';
import { WalkthroughEngine } from '../../server/src/core/engine';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import { toEnginePath } from '../../common/src/paths';
import { GitCli, isSafeRef } from '../../server/src/gitHistory';
import { Workspace } from '../../server/src/features/workspace';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { lineOf } from './helpers';

/** The 0-based line of the first line containing `needle` (as spans count). */
const at = (text: string, needle: string) => lineOf(text, needle) - 1;

const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The code when the tour was written: `lock()` and `commit()` are what the tour explains. */
const OLD = 'package shop\n\nfunc Sell() {\n\tlock()\n\tcommit()\n}\n';
/** Today: a function was added above `Sell`, so the tour's lines now sit inside `Audit`. */
const NEW = 'package shop\n\nimport "log"\n\nfunc Audit() {\n\tlog.Print("audit")\n\tcheck()\n\treport()\n}\n\nfunc Sell() {\n\tlock()\n\tcommit()\n}\n';
const tourOf = (extra: object = {}) =>
  JSON.stringify(
    {
      title: 'Stock',
      ...extra,
      steps: [
        { file: 'shop/a.go', line: lineOf(OLD, 'lock()'), title: 'Lock', description: 'lock first' },
        { file: 'shop/a.go', line: lineOf(OLD, 'commit()'), title: 'Commit', description: 'then commit' },
      ],
    },
    null,
    2,
  );

function temp(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wt-tour-history-'));
  dirs.push(dir);
  return dir;
}

let clock = Date.UTC(2024, 0, 1) / 1000;
function git(dir: string, ...args: string[]): string {
  clock += 86_400;
  const date = `${clock} +0000`;
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date, GIT_CONFIG_NOSYSTEM: '1', HOME: dir },
  }).trim();
}

function write(dir: string, file: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  writeFileSync(path.join(dir, file), text);
}

function commit(dir: string, message: string): string {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}

/** A repository where the tour was committed with the old code, then the code above its lines changed. */
function decayedRepo(tour = tourOf()): { dir: string; written: string } {
  const dir = temp();
  git(dir, 'init', '-q', '-b', 'main');
  write(dir, 'shop/a.go', OLD);
  write(dir, '.tours/stock.tour', tour);
  const written = commit(dir, 'tour');
  write(dir, 'shop/a.go', NEW);
  commit(dir, 'audit before selling');
  return { dir, written };
}

async function load(dir: string, gitHistory: GitHistory | undefined = new GitCli(), onTourHistory?: (file: string) => void) {
  const folder = toEnginePath(dir);
  const engine = new WalkthroughEngine({ fs: new NodeFileSystem({ confineTo: [dir] }), folders: [folder], ...(gitHistory ? { git: gitHistory } : {}), ...(onTourHistory ? { onTourHistory } : {}) });
  await engine.loadAll();
  return { engine, tour: `${folder}/.tours/stock.tour` };
}

const startLines = (engine: WalkthroughEngine, tour: string) => engine.get(tour)!.steps.map((s) => s.span?.start);
const expected = [at(NEW, 'lock()'), at(NEW, 'commit()')];

describe('CodeTour tours repaired from git history', () => {
  it('a decayed tour lands on the code it was written about when read live (first today, then repaired)', async () => {
    const { dir, written } = decayedRepo();
    const told: string[] = [];
    const real = new GitCli();
    let gitCalls = 0;
    const counted: GitHistory = {
      repository: (folder) => (gitCalls++, real.repository(folder)),
      commitOfRef: (repo, ref, file) => (gitCalls++, real.commitOfRef(repo, ref, file)),
      blame: (repo, commitId, file) => (gitCalls++, real.blame(repo, commitId, file)),
      show: (repo, id, file) => (gitCalls++, real.show(repo, id, file)),
    };
    const { engine, tour } = await load(dir, counted, (file) => told.push(file));
    // The first answer never waits for git: today's behaviour, on the wrong code.
    assert.deepEqual(startLines(engine, tour), [at(OLD, 'lock()'), at(OLD, 'commit()')]);
    assert.deepEqual(await engine.historyRead(tour), [tour]);
    assert.deepEqual(told, [tour], 'the engine says when history arrived');
    const steps = engine.get(tour)!.steps;
    assert.deepEqual(startLines(engine, tour), expected);
    assert.deepEqual(steps.map((s) => s.spec.history?.commit), [written, written]);
    assert.deepEqual(steps.map((s) => s.spec.anchor), ['lock()', 'commit()']);
    assert.deepEqual(steps.map((s) => s.spec.symbol), ['Sell', 'Sell']);
    const note = engine.diagnostics(tour).find((d) => d.code === 'codetour-history');
    assert.equal(note?.severity, 'info');
    assert.match(note!.message, new RegExp(`2 line steps take their code from commit ${written.slice(0, 8)}, which wrote them into the tour`));
    assert.equal(engine.diagnostics(tour).some((d) => d.code === 'lines-only'), false);
    // Typing in the code re-resolves with the repair already known: git is not asked again, the steps follow.
    const calls = gitCalls;
    const typed = NEW.replace('func Sell() {', '// Sell sells.\nfunc Sell() {');
    await engine.setOverlay(`${toEnginePath(dir)}/shop/a.go`, typed);
    assert.deepEqual(startLines(engine, tour), [at(typed, 'lock()'), at(typed, 'commit()')]);
    assert.deepEqual(await engine.historyRead(tour), [], 'nothing new to read');
    assert.equal(gitCalls, calls, 'no git while typing');
  });

  it('converts a decayed tour with anchors from its history (convertTour and the CLI)', async () => {
    const { dir, written } = decayedRepo();
    const { engine, tour } = await load(dir);
    await engine.historyRead(tour);
    const converted = (await convertTour(engine, tour))!;
    const yaml = parse(converted.text);
    assert.deepEqual(yaml.steps.map((s: { lines: string; anchor: string; symbol: string }) => [s.lines, s.anchor, s.symbol]), [
      [String(expected[0]! + 1), 'lock()', 'Sell'],
      [String(expected[1]! + 1), 'commit()', 'Sell'],
    ]);
    assert.equal(converted.repaired.length, 2);
    assert.match(converted.repaired[0]!, new RegExp(`repaired from history.*${written.slice(0, 8)}.*${expected[0]! + 1}`));
    assert.match(converted.text, /# Repaired from history: line 4 of the tour was read at commit/);

    const out: string[] = [];
    const err: string[] = [];
    const code = await runImportCodeTour([path.join(dir, '.tours', 'stock.tour')], { write: (s: string) => out.push(s) }, { write: (s: string) => err.push(s) });
    assert.equal(code, 0, err.join(''));
    const cli = parse(readFileSync(path.join(dir, 'stock.walkthrough.yaml'), 'utf8'));
    assert.deepEqual(cli.steps.map((s: { lines: string }) => s.lines), expected.map((l) => String(l + 1)));
    assert.match(out.join(''), /Step 1 \(Lock\): repaired from history/);
    assert.equal(err.join(''), '');

    // `walkthrough export` of the tour shows the code it was written about too.
    const exported: string[] = [];
    assert.equal(await runExport([path.join(dir, '.tours', 'stock.tour')], { write: (s: string) => exported.push(s) }, { write: () => true }), 0);
    assert.match(exported.join(''), new RegExp(`\`shop/a\\.go:${expected[0]! + 1}\`\\n\\n\`\`\`go\\n\\tlock\\(\\)`));
  });

  it('reads the code at the tour\'s ref (a tag or a commit id), even when the tour was committed later', async () => {
    const dir = temp();
    git(dir, 'init', '-q', '-b', 'main');
    write(dir, 'shop/a.go', OLD);
    write(dir, 'README.md', 'shop\n');
    const recorded = commit(dir, 'old code');
    git(dir, 'tag', 'v1');
    write(dir, 'shop/a.go', NEW);
    commit(dir, 'audit');
    for (const ref of ['v1', recorded, recorded.slice(0, 10)]) {
      write(dir, '.tours/stock.tour', tourOf({ ref }));
      commit(dir, `tour at ${ref}`);
      const { engine, tour } = await load(dir);
      await engine.historyRead(tour);
      assert.deepEqual(startLines(engine, tour), expected, ref);
      assert.equal(engine.get(tour)!.steps[0]!.spec.history?.commit, recorded, ref);
      const diagnostics = engine.diagnostics(tour);
      const note = diagnostics.find((d) => d.code === 'codetour-history')!;
      assert.match(note.message, new RegExp(`from \`${ref}\` \\(commit ${recorded.slice(0, 8)}\\)`));
      // The note stands on the `ref` value, and replaces "shown on the working tree".
      assert.equal(readFileSync(path.join(dir, '.tours/stock.tour'), 'utf8').split('\n')[note.range.start.line]!.includes(ref), true);
      assert.equal(diagnostics.some((d) => d.code === 'codetour-unsupported' && d.message.includes('working tree')), false);
    }
  });

  it('a branch ref moved on since: the last commit on it that changed the tour', async () => {
    const { dir, written } = decayedRepo(tourOf({ ref: 'main' }));
    const { engine, tour } = await load(dir);
    await engine.historyRead(tour);
    assert.deepEqual(startLines(engine, tour), expected);
    assert.equal(engine.get(tour)!.steps[0]!.spec.history?.commit, written);
  });

  it('a tour never committed, a folder that is not a repository, no git: today\'s behaviour with one warning', async () => {
    const cases: Array<{ name: string; make: () => string; git?: GitHistory; reason: RegExp }> = [
      {
        name: 'never committed',
        make: () => {
          const dir = temp();
          git(dir, 'init', '-q', '-b', 'main');
          write(dir, 'shop/a.go', NEW);
          commit(dir, 'code');
          write(dir, '.tours/stock.tour', tourOf());
          return dir;
        },
        reason: /never committed/,
      },
      { name: 'not a repository', make: () => (write(temp(), 'x', ''), dirs.at(-1)!), reason: /not a git repository/ },
      { name: 'no git', make: () => decayedRepo().dir, git: new GitCli({ git: path.join(tmpdir(), 'no-such-git-here') }), reason: /git is not installed/ },
    ];
    for (const c of cases) {
      const dir = c.make();
      write(dir, 'shop/a.go', NEW);
      if (!existsSync(path.join(dir, '.tours/stock.tour'))) write(dir, '.tours/stock.tour', tourOf());
      const { engine, tour } = await load(dir, c.git ?? new GitCli());
      await engine.historyRead(tour);
      assert.deepEqual(startLines(engine, tour), [at(OLD, 'lock()'), at(OLD, 'commit()')], c.name);
      const warnings = engine.diagnostics(tour).filter((d) => d.code === 'codetour-history');
      assert.equal(warnings.length, 1, c.name);
      assert.equal(warnings[0]!.severity, 'warning');
      assert.match(warnings[0]!.message, /Line-based steps may have drifted/);
      assert.match(warnings[0]!.message, c.reason, c.name);
      assert.equal(engine.get(tour)!.steps.some((s) => s.spec.history), false);
      const err: string[] = [];
      assert.equal(await runImportCodeTour([path.join(dir, '.tours', 'stock.tour'), '--out', path.join(dir, `${c.name.replace(/ /g, '-')}.walkthrough.yaml`)], { write: () => true }, { write: (s: string) => err.push(s) }), 0);
      if (!c.git) assert.match(err.join(''), /warning: Line-based steps may have drifted/, c.name);
    }
  });

  it('hostile refs and paths do nothing: no option reaches git, nothing outside the workspace folder is read', async () => {
    const dir = temp();
    git(dir, 'init', '-q', '-b', 'main');
    const folder = path.join(dir, 'ws');
    write(dir, 'secret.go', 'package secret\n\nfunc Key() {\n\treturn\n}\n');
    write(folder, 'shop/a.go', OLD);
    commit(dir, 'code');
    const marker = path.join(dir, 'pwned');
    for (const ref of [`--upload-pack=touch ${marker}`, `--output=${marker}`, '../../etc/passwd', 'HEAD@{1}', 'main:secret.go', 'a b', 'x\nHEAD']) {
      write(folder, '.tours/stock.tour', tourOf({ ref }));
      const { engine, tour } = await load(folder);
      await engine.historyRead(tour);
      assert.equal(existsSync(marker), false, ref);
      const warning = engine.diagnostics(tour).find((d) => d.code === 'codetour-history');
      assert.match(warning?.message ?? '', /is not a commit, branch or tag/, ref);
    }
    // A step that leaves the workspace folder (into the repository above it) is not read in history.
    write(folder, '.tours/stock.tour', JSON.stringify({ title: 'Stock', steps: [{ file: '../secret.go', line: 4, description: 'x' }, { file: 'shop/a.go', line: 4, description: 'y' }] }));
    commit(dir, 'tour');
    write(folder, 'shop/a.go', NEW);
    // (After the test's own commits: git add would run the fsmonitor.) A repository whose own config names programs: none of them may run for a read-only look.
    const run = `sh -c 'touch ${marker}'`;
    git(dir, 'config', 'core.fsmonitor', run);
    git(dir, 'config', 'log.showSignature', 'true');
    git(dir, 'config', 'gpg.program', run);
    git(dir, 'config', 'diff.evil.textconv', run);
    git(dir, 'config', 'filter.evil.clean', run);
    git(dir, 'config', 'filter.evil.process', run);
    write(dir, '.gitattributes', '* diff=evil filter=evil\n');
    const { engine, tour } = await load(folder);
    await engine.historyRead(tour);
    assert.equal(existsSync(marker), false, 'no program from the repository\'s config ran');
    const steps = engine.get(tour)!.steps;
    assert.equal(steps[0]!.spec.history, undefined);
    assert.equal(steps[0]!.status, 'invalid');
    assert.equal(steps[1]!.spec.history !== undefined, true);
    assert.equal(steps[1]!.span?.start, at(NEW, 'lock()'));
    assert.equal(isSafeRef('--upload-pack=x'), false);
    assert.equal(isSafeRef('-c'), false);
    assert.equal(isSafeRef('release/1.2'), true);
    assert.equal(isSafeRef('refs/heads/main'), true);
  });

  it('steps edited after the tour\'s last commit were written against today\'s files: left as they are', async () => {
    const { dir, written } = decayedRepo();
    const edited = JSON.parse(tourOf());
    edited.steps[1].line = lineOf(NEW, 'report()');
    write(dir, '.tours/stock.tour', JSON.stringify(edited, null, 2));
    const { engine, tour } = await load(dir);
    await engine.historyRead(tour);
    const steps = engine.get(tour)!.steps;
    assert.equal(steps[0]!.span?.start, at(NEW, 'lock()'));
    assert.equal(steps[0]!.spec.history !== undefined, true);
    assert.equal(steps[1]!.span?.start, at(NEW, 'report()'));
    assert.equal(steps[1]!.spec.history, undefined);
    // Once the edit is committed (HEAD moved), that step's code is read at the new commit.
    const committed = commit(dir, 'tour: explain report()');
    await engine.gitMoved();
    assert.deepEqual(await engine.historyRead(tour), [tour]);
    const after = engine.get(tour)!.steps;
    assert.equal(after[1]!.spec.history?.commit, committed);
    assert.equal(after[1]!.spec.anchor, 'report()');
    assert.equal(after[1]!.span?.start, at(NEW, 'report()'));
    // The other step was written long before: still read at the commit that wrote its line.
    assert.equal(after[0]!.spec.history?.commit, written);
    assert.equal(after[0]!.span?.start, at(NEW, 'lock()'));
    assert.match(engine.diagnostics(tour).find((d) => d.code === 'codetour-history')!.message, /2 line steps take their code from the commits that wrote each of them into the tour \(2 commits\)/);
  });

  it('the server reads history in the background, tells listeners, and reads again when a commit moves a branch', async () => {
    const { dir, written } = decayedRepo();
    const edited = JSON.parse(tourOf());
    edited.steps[1].line = lineOf(NEW, 'report()');
    write(dir, '.tours/stock.tour', JSON.stringify(edited, null, 2));
    const folder = toEnginePath(dir);
    const tour = `${folder}/.tours/stock.tour`;
    const errors: string[] = [];
    const workspace = new Workspace(new NodeFileSystem({ confineTo: [dir] }), [folder], { error: (m: string) => errors.push(m) }, 0, undefined, new GitCli());
    const updates: string[][] = [];
    workspace.onDidUpdate((affected) => updates.push([...affected]));
    await workspace.load();
    await workspace.tourHistory(tour);
    assert.ok(updates.some((u) => u.includes(tour)), 'listeners heard of the repaired tour');
    assert.deepEqual(workspace.engine.get(tour)!.steps.map((s) => s.spec.history?.commit), [written, undefined]);
    const committed = commit(dir, 'tour: explain report()');
    await workspace.filesChanged([{ file: `${folder}/.git/refs/heads/main`, kind: 'changed' }]);
    await workspace.tourHistory(tour);
    assert.deepEqual(workspace.engine.get(tour)!.steps.map((s) => s.spec.history?.commit), [written, committed]);
    assert.deepEqual(errors, []);
  });

  it('the engine stays pure: any GitHistory works (a fake in memory), and a full reload reads history again', async () => {
    let commits = 0;
    /** Holds git (a slow repository) while the test types. */
    let gate: Promise<void> | undefined;
    const fake: GitHistory = {
      repository: async () => (await gate, { top: '/ws', head: 'f'.repeat(40) }),
      commitOfRef: async () => ({ problem: 'bad-ref', message: 'no refs here' }),
      blame: async () => (commits++, tourOf().split('\n').map(() => ({ commit: 'a'.repeat(40), time: 1 }))),
      show: async (_repo, commitId, file) => (commitId === 'a'.repeat(40) && file === 'shop/a.go' ? OLD : file === '.tours/stock.tour' ? tourOf() : undefined),
    };
    const fs = new MemoryFileSystem({ '/ws/shop/a.go': NEW, '/ws/.tours/stock.tour': tourOf() });
    const engine = new WalkthroughEngine({ fs, folders: ['/ws'], git: fake });
    await engine.loadAll();
    await engine.historyRead('/ws/.tours/stock.tour');
    assert.deepEqual(startLines(engine, '/ws/.tours/stock.tour'), expected);
    assert.equal(commits, 1);
    await engine.loadAll();
    await engine.historyRead('/ws/.tours/stock.tour');
    assert.equal(commits, 2, 'HEAD may have moved: read again');
    assert.deepEqual(startLines(engine, '/ws/.tours/stock.tour'), expected, 'the known repair is used meanwhile');
    // A commit or checkout (HEAD moved): read again in the background; the same repair changes nothing.
    const resolvedBefore = engine.resolvedSteps;
    assert.deepEqual(await engine.gitMoved(), []);
    assert.deepEqual(await engine.historyRead('/ws/.tours/stock.tour'), []);
    assert.equal(commits, 3);
    assert.equal(engine.resolvedSteps, resolvedBefore, 'no step resolved again for the same repair');
    // Typing in the tour: one reading at a time, and the texts typed in between never start git.
    const typedFrom = commits;
    let open!: () => void;
    gate = new Promise((resolve) => (open = resolve));
    for (let i = 0; i < 5; i++) await engine.setOverlay('/ws/.tours/stock.tour', tourOf({ description: `typing ${i}` }));
    assert.deepEqual(startLines(engine, '/ws/.tours/stock.tour'), expected, 'the known repair applies to the typed text at once');
    open();
    await engine.historyRead('/ws/.tours/stock.tour');
    assert.ok(commits - typedFrom <= 2, `${commits - typedFrom} readings for 5 edits`);
    assert.deepEqual(startLines(engine, '/ws/.tours/stock.tour'), expected, 'the repair of the last text');
  });
});

describe('unchangedLines (the tour as committed → as it is now)', () => {
  it('maps unchanged lines through insertions, deletions and edits; changed lines map to nothing', () => {
    assert.deepEqual(unchangedLines(['a', 'b', 'c', 'd'], ['a', 'x', 'b', 'd', 'e']), [0, undefined, 1, 3, undefined]);
    assert.deepEqual(unchangedLines(['{', '"line": 4', '"line": 5', '}'], ['{', '"line": 4', '"line": 9', '}']), [0, 1, undefined, 3]);
    assert.deepEqual(unchangedLines([], ['a']), [undefined]);
    assert.deepEqual(unchangedLines(['a', 'b'], ['a', 'b']), [0, 1]);
    // Only lines equal to their counterpart are mapped, in order.
    const before = ['{', 'a', 'b', 'c', 'd', 'e', '}'];
    const now = ['{', 'b', 'a', 'c', 'X', 'e', 'f', '}'];
    const mapped = unchangedLines(before, now);
    mapped.forEach((old, i) => old !== undefined && assert.equal(before[old], now[i]));
    const kept = mapped.filter((old) => old !== undefined) as number[];
    assert.deepEqual(kept, [...kept].sort((x, y) => x - y));
    assert.equal(kept.length, 5, 'the longest common subsequence: {, a|b, c, e, }');
  });
});
