/**
 * Scenarios with hostile CodeTour patterns, run by test/unit/patterns.test.ts in a child process
 * (`node --import tsx test/unit/patternScenarios.ts NAME`) so that a hang kills the child and fails
 * the test instead of stalling the suite. Prints one JSON line with what it observed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runImportCodeTour } from '../../server/src/cliCodeTour';
import { runExport } from '../../server/src/cliExport';
import { findPattern } from '../../server/src/core/codetour/findPattern';
import { checkWorkspace } from '../../server/src/core/check';
import { WalkthroughEngine } from '../../server/src/core/engine';
import { MemoryFileSystem } from '../../server/src/core/fileSystem';
import { NodeFileSystem } from '../../server/src/core/nodeFileSystem';
import { HOSTILE_PATTERNS } from './hostilePatterns';

/** A Go file with `func Sell` on line 3 (0-based 2). */
export const CODE = 'package a\n\nfunc Sell() {\n}\n';

/** Each hostile shape's file: its line alone, between two others (the first match decides). */
export const evilFiles = (): Record<string, string> => Object.fromEntries(HOSTILE_PATTERNS.map((h, i) => [`evil${i}.txt`, `x\n${h.line}\ny\n`]));

/** A tour with one good step, then `count` hostile steps (cycling through the shapes, each on its file). */
export function hostileTour(count: number): string {
  const steps = Array.from({ length: count }, (_, i) => ({ file: `evil${i % HOSTILE_PATTERNS.length}.txt`, pattern: HOSTILE_PATTERNS[i % HOSTILE_PATTERNS.length]!.pattern, description: `evil ${i}` }));
  steps.unshift({ file: 'a.go', pattern: 'func Sell\\(', description: 'good' });
  return JSON.stringify({ title: 'Evil', steps }, null, 2);
}

function sink() {
  const chunks: string[] = [];
  return { write: (chunk: string) => (chunks.push(chunk), true), get text() { return chunks.join(''); } };
}

function folder(steps: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-patterns-'));
  mkdirSync(path.join(dir, '.tours'));
  writeFileSync(path.join(dir, 'a.go'), CODE);
  for (const [name, text] of Object.entries(evilFiles())) writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, '.tours', 'evil.tour'), hostileTour(steps));
  return dir;
}

const scenarios: Record<string, () => Promise<unknown>> = {
  /** Each hostile shape alone, matched the way CodeTour matches (whole file, flag `m`). */
  async find() {
    const kinds: Record<string, string> = {};
    for (const h of HOSTILE_PATTERNS) kinds[h.name] = (await findPattern(`x\n${h.line}\ny`, h.pattern)).kind;
    return { kinds, good: await findPattern(CODE, 'func Sell\\(') };
  },
  async check() {
    const dir = folder(200);
    try {
      const report = await checkWorkspace(new NodeFileSystem({ confineTo: [dir] }), dir);
      return { statuses: report.walkthroughs[0]?.steps.map((s) => s.status), codes: report.diagnostics.map((d) => d.code), good: report.walkthroughs[0]?.steps[0]?.startLine };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  async import() {
    const dir = folder(200);
    try {
      const err = sink();
      const code = await runImportCodeTour([path.join(dir, '.tours', 'evil.tour'), '--out', path.join(dir, 'evil.walkthrough.yaml')], sink(), err);
      return { code, err: err.text.slice(0, 500) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  async export() {
    const dir = folder(200);
    try {
      const out = sink();
      const code = await runExport([path.join(dir, '.tours', 'evil.tour'), '--format', 'md'], out, sink());
      return { code, good: out.text.includes('good') };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  /**
   * The server's engine: 200 hostile steps load under one budget for the tour; a keystroke in the
   * code file does not run the patterns that ran out again; a timer set before the load fires on
   * time (the matching does not block the thread).
   */
  async engine() {
    const evil = Object.fromEntries(Object.entries(evilFiles()).map(([name, text]) => [`/ws/${name}`, text]));
    const fs = new MemoryFileSystem({ '/ws/a.go': CODE, ...evil, '/ws/.tours/evil.tour': hostileTour(200) });
    const engine = new WalkthroughEngine({ fs, folders: ['/ws'], walkthroughGlobs: ['.tours/**/*.tour'], patternBudget: { perPatternMs: 1500, perTourMs: 3000, floorMs: 25, maxTimeouts: 20 } });
    let late = -1;
    const armed = performance.now();
    const timer = setTimeout(() => (late = performance.now() - armed - 20), 20);
    await engine.loadAll();
    clearTimeout(timer);
    const steps = engine.get('/ws/.tours/evil.tour')!.steps;
    const afterLoad = engine.patternTimeouts;
    // A keystroke in a hostile file, and one in the good step's file.
    await engine.setOverlay('/ws/evil0.txt', `${evil['/ws/evil0.txt']}typed\n`);
    await engine.setOverlay('/ws/a.go', `// typed\n${CODE}`);
    const afterKeystroke = engine.patternTimeouts;
    const again = engine.get('/ws/.tours/evil.tour')!.steps;
    return {
      late,
      afterLoad,
      afterKeystroke,
      statuses: [...new Set(steps.slice(1).map((s) => s.status))],
      good: steps[0]!.span?.start,
      goodAfterKeystroke: again[0]!.span?.start,
      runs: engine.patternRuns,
      messages: [...new Set(engine.diagnostics('/ws/.tours/evil.tour').filter((d) => d.code === 'invalid-pattern').map((d) => d.message))],
    };
  },
  /** 40 distinct hostile patterns on 40 files: once the tour's time is spent, at most `maxTimeouts` more run out before the rest are skipped. */
  async cap() {
    const files: Record<string, string> = { '/ws/a.go': CODE };
    const steps = [{ file: 'a.go', pattern: 'func Sell\\(', description: 'good, first' }];
    for (let i = 0; i < 40; i++) {
      files[`/ws/e${i}.txt`] = `x\n${'a'.repeat(40)}\ny\n`;
      steps.push({ file: `e${i}.txt`, pattern: `${'(a|a)'.repeat(40)}b${'c?'.repeat(i)}`, description: `evil ${i}` });
    }
    files['/ws/.tours/t.tour'] = JSON.stringify({ title: 'T', steps });
    const engine = new WalkthroughEngine({ fs: new MemoryFileSystem(files), folders: ['/ws'], patternBudget: { perPatternMs: 200, perTourMs: 300, floorMs: 25, maxTimeouts: 3 } });
    await engine.loadAll();
    const loaded = engine.get('/ws/.tours/t.tour')!;
    return {
      timeouts: engine.patternTimeouts,
      good: loaded.steps[0]!.span?.start,
      invalid: loaded.steps.slice(1).filter((s) => s.status === 'invalid').length,
      skipped: engine.diagnostics('/ws/.tours/t.tour').filter((d) => /not tried/.test(d.message)).length,
    };
  },
};

const name = process.argv[2] ?? '';
const scenario = scenarios[name];
if (!scenario) {
  process.stderr.write(`unknown scenario ${name}\n`);
  process.exitCode = 2;
} else {
  scenario().then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
