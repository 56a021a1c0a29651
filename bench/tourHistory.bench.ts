/**
 * Decayed CodeTour tours repaired from history, on a real git repository: a tour of line steps
 * over 10 Go files is committed, then 7 lines are added at the top of every file. Prints how many
 * steps land on the code they were written about without history (today's line numbers) and with
 * it, how long reading the history takes (in the background) and how many git processes it runs,
 * and that re-resolving after an edit costs the same with history as without (git is not asked).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { GitHistory } from '../server/src/core/codetour/tourHistory';
import { WalkthroughEngine } from '../server/src/core/engine';
import { NodeFileSystem } from '../server/src/core/nodeFileSystem';
import { GitCli } from '../server/src/gitHistory';
import { sample, summary } from './stats';
import { generateGo } from './workload';

const FILES = 10;
const ADDED = ['// Package bench: generated.', '', 'func init() {', '\tsetup()', '}', '', '// ---'];

export async function tourHistoryBench(steps: number): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-bench-history-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b', GIT_CONFIG_NOSYSTEM: '1' } });
  try {
    const perFile = Math.max(1, Math.ceil(steps / FILES));
    const { code, anchorLines } = generateGo(perFile);
    const tourSteps: object[] = [];
    for (let f = 0; f < FILES; f++) {
      writeFileSync(path.join(dir, `f${f}.go`), code);
      for (const line of anchorLines) if (tourSteps.length < steps) tourSteps.push({ file: `f${f}.go`, line: line + 1, description: 'x' });
    }
    mkdirSync(path.join(dir, '.tours'));
    writeFileSync(path.join(dir, '.tours', 'bench.tour'), JSON.stringify({ title: 'Bench', steps: tourSteps }, null, 2));
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'tour');
    const decayed = [...ADDED, ...code.split('\n')].join('\n');
    for (let f = 0; f < FILES; f++) writeFileSync(path.join(dir, `f${f}.go`), decayed);
    git('commit', '-q', '-am', 'decay');
    const tour = path.join(dir, '.tours', 'bench.tour');
    const wanted = (i: number) => anchorLines[i % perFile]! + ADDED.length;

    const out: string[] = [];
    const without = new WalkthroughEngine({ fs: new NodeFileSystem(), folders: [dir] });
    await without.loadAll();
    const exactWithout = without.get(tour)!.steps.filter((s, i) => s.span?.start === wanted(i)).length;

    let calls = 0;
    const real = new GitCli();
    const counted: GitHistory = {
      repository: (folder) => (calls++, real.repository(folder)),
      commitOfRef: (repo, ref, file) => (calls++, real.commitOfRef(repo, ref, file)),
      blame: (repo, commit, file) => (calls++, real.blame(repo, commit, file)),
      show: (repo, commit, file) => (calls++, real.show(repo, commit, file)),
    };
    const withHistory = new WalkthroughEngine({ fs: new NodeFileSystem(), folders: [dir], git: counted });
    let start = performance.now();
    await withHistory.loadAll();
    const firstAnswer = performance.now() - start;
    start = performance.now();
    await withHistory.historyRead(tour);
    const read = performance.now() - start;
    const exactWith = withHistory.get(tour)!.steps.filter((s, i) => s.span?.start === wanted(i)).length;
    out.push(`tour history: ${steps} line steps in ${FILES} files, ${ADDED.length} lines added above them after the tour was committed`);
    out.push(`tour history: steps on the code they were written about — without history ${exactWithout}/${steps}, repaired from history ${exactWith}/${steps}`);
    out.push(`tour history: first answer (line numbers) ${firstAnswer.toFixed(1)} ms; history read and applied in the background ${read.toFixed(1)} ms, ${calls} git processes`);
    const lines = decayed.split('\n');
    const file = path.join(dir, 'f0.go');
    out.push(summary('tour history: re-resolve after an edit, no git', await sample(30, (i) => without.setOverlay(file, [`// edit ${i}`, ...lines].join('\n')))));
    const before = calls;
    out.push(summary('tour history: re-resolve after an edit, repaired', await sample(30, (i) => withHistory.setOverlay(file, [`// edit ${i}`, ...lines].join('\n')))));
    out.push(`tour history: git processes while editing ${calls - before} (expected 0)`);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
