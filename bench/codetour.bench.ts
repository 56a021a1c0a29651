/**
 * CodeTour benchmarks: a `.tours/*.tour` with half `line` and half `pattern` steps on the generated
 * Go file — cold load, re-resolution after an edit (every pattern is matched again), export, and
 * how long a catastrophic pattern holds the engine before it is abandoned (budget 250 ms).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findPattern, PATTERN_BUDGET_MS } from '../server/src/core/codetour/findPattern';
import { WalkthroughEngine } from '../server/src/core/engine';
import { NodeFileSystem } from '../server/src/core/nodeFileSystem';
import { gatherExport, renderExportHtml } from '../server/src/features/exportWalkthrough';
import { sample, summary } from './stats';
import { generateGo } from './workload';

export async function codeTourBench(steps: number): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-bench-tour-'));
  try {
    const { code, anchorLines } = generateGo(steps);
    writeFileSync(path.join(dir, 'server.go'), code);
    mkdirSync(path.join(dir, '.tours'));
    const tour = {
      title: 'Bench tour',
      steps: anchorLines.slice(0, steps).map((line, i) =>
        // Half `line`; of the patterns, half literal (matched directly), half with a quantifier (matched under the budget).
        i % 2 === 0 ? { file: 'server.go', line: line + 1, description: `step ${i}` } : { file: 'server.go', pattern: i % 4 === 1 ? `deduct ${i}\\s*$` : `deduct ${i}$`, description: `step ${i}` },
      ),
    };
    const tourFile = path.join(dir, '.tours', 'bench.tour');
    writeFileSync(tourFile, JSON.stringify(tour, null, 2));
    const out: string[] = [];
    let start = performance.now();
    const engine = new WalkthroughEngine({ fs: new NodeFileSystem(), folders: [dir] });
    await engine.loadAll();
    out.push(`codetour: cold load of a ${steps}-step tour (${steps / 2} patterns, ${steps / 4} with a quantifier)  ${(performance.now() - start).toFixed(1)} ms`);
    const placed = engine.get(tourFile)!.steps.filter((s) => s.status === 'ok').length;
    out.push(`codetour: ${placed}/${steps} steps placed (expected: all)`);
    const lines = code.split('\n');
    out.push(summary('codetour: re-resolve after an edit (all patterns)', await sample(30, (i) => engine.setOverlay(path.join(dir, 'server.go'), [`// edit ${i}`, ...lines].join('\n')))));
    const walkthrough = engine.get(tourFile)!;
    out.push(summary('codetour: export as HTML', await sample(20, async () => renderExportHtml(await gatherExport(engine, walkthrough)))));
    const evil = `${'a'.repeat(40)}!`;
    start = performance.now();
    const result = await findPattern(evil, '^(a+)+$');
    out.push(`codetour: catastrophic pattern → ${result.kind} after ${(performance.now() - start).toFixed(0)} ms (budget ${PATTERN_BUDGET_MS} ms)`);
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
