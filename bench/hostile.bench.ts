/**
 * The hostile inputs of issues 11 and 19, each timed with its memory: what used to take tens of seconds
 * (or print megabytes) must now stay small. Printed, never asserted. Run alone with
 * `npm run bench -- --hostile`.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { resolveAnchor } from '../server/src/core/anchors/resolveAnchor';
import { checkWorkspace, fixMovedLines } from '../server/src/core/check';
import { WalkthroughEngine } from '../server/src/core/engine';
import { MemoryFileSystem } from '../server/src/core/fileSystem';
import { NodeFileSystem } from '../server/src/core/nodeFileSystem';
import { normalizeLine } from '../server/src/core/text';
import { hover } from '../server/src/features/hover';
import { Workspace } from '../server/src/runtime/workspace';
import { mib } from './stats';
import { InProcessClient, uriOf } from '../test/inprocess/harness';
import { HOSTILE_PATTERNS } from '../test/unit/hostilePatterns';

async function measure(name: string, run: () => Promise<string> | string): Promise<string> {
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  let peak = heap;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 5);
  const start = performance.now();
  const cpu = process.cpuUsage();
  const note = await run();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  // CPU time too: on a shared machine the wall clock mostly measures the neighbours.
  return `${name.padEnd(66)} ${`${ms.toFixed(0)} ms`.padStart(9)} (cpu ${`${cpuMs.toFixed(0)} ms`.padStart(8)})  heap +${mib(peak - heap).padStart(10)}  ${note}`;
}

export async function hostileBench(): Promise<string[]> {
  const out: string[] = [];
  const code = Array.from({ length: 100_000 }, (_, i) => `\tresult, err := client.Call(ctx, "method_${i}", req) // ${i}`);
  const normalized = code.map(normalizeLine);
  const anchor = Array.from({ length: 200 }, (_, i) => `unrelated anchor line ${i} with some words`).join('\n');
  out.push(await measure('fuzzy: 200-line anchor, no match, 100,000-line file (was ~38 s)', () => resolveAnchor({ lines: code, normalized, anchor, hint: { start: 5, end: 204 } }).status));
  const within = code.slice(0, 40_000);
  const withinNormalized = within.map(normalizeLine);
  out.push(await measure('fuzzy: same anchor, 40,000-line file (searched, within budget)', () => resolveAnchor({ lines: within, normalized: withinNormalized, anchor, hint: { start: 5, end: 204 } }).status));

  const memo = Array.from({ length: 100_000 }, (_, i) => `## Topic ${i}\n\nbody ${i}\n`).join('\n');
  const unknown = Array.from({ length: 1000 }, (_, i) => `  - section: Unknown section ${i}\n`).join('');
  out.push(
    await measure('memo: 1,000 unknown sections, 100,000 headings (was > 60 s)', async () => {
      const engine = new WalkthroughEngine({ fs: new MemoryFileSystem({ '/ws/memo.md': memo, '/ws/t.walkthrough.yaml': `title: T\nmemo: memo.md\nsteps:\n${unknown}` }), folders: ['/ws'] });
      await engine.loadAll();
      return `${engine.diagnostics('/ws/t.walkthrough.yaml').length} diagnostics`;
    }),
  );

  const duplicates: Record<string, string> = {};
  for (let i = 0; i < 2000; i++) duplicates[`/ws/t${i}.walkthrough.yaml`] = 'id: same\ntitle: T\nsteps:\n  - points: p\n';
  const dupFs = new MemoryFileSystem(duplicates);
  const dupEngine = new WalkthroughEngine({ fs: dupFs, folders: ['/ws'] });
  out.push(
    await measure('duplicate ids: 2,000 files, load + every diagnostic (was 103 MB)', async () => {
      await dupEngine.loadAll();
      const text = dupEngine.list().flatMap((w) => dupEngine.diagnostics(w.file).map((d) => d.message)).join('\n');
      return `${mib(text.length)} of messages`;
    }),
  );
  out.push(
    await measure('duplicate ids: one edit + every diagnostic again (was 5.4 s)', async () => {
      await dupEngine.setOverlay('/ws/t0.walkthrough.yaml', 'id: same\ntitle: Edited\nsteps:\n  - points: p\n');
      return `${dupEngine.list().reduce((n, w) => n + dupEngine.diagnostics(w.file).length, 0)} diagnostics`;
    }),
  );

  // Short lines: 100,000 steps must stay under the 5 MiB file limit.
  // 100 steps on each of 1,000 lines, all moved down by one.
  const goLines = Array.from({ length: 1000 }, (_, i) => `F${i}`);
  const fixSteps = Array.from({ length: 100_000 }, (_, i) => `- file: a.go\n  lines: ${(i % 1000) + 1}\n  anchor: F${i % 1000}\n`).join('');
  out.push(
    await measure('--fix: 100,000 moved steps (was > 60 s)', async () => {
      const fs = new MemoryFileSystem({ '/ws/a.go': ['// one line added on top', ...goLines].join('\n'), '/ws/t.walkthrough.yaml': `title: T\nsteps:\n${fixSteps}` });
      const report = await checkWorkspace(fs, '/ws');
      const fixes = await fixMovedLines(report, async (file, _expected, text) => (fs.write(file, text), { kind: 'written' }));
      return `${fixes[0]?.fixed ?? 0} hints rewritten`;
    }),
  );

  const dir = mkdtempSync(path.join(tmpdir(), 'cw-hostile-'));
  try {
    writeFileSync(path.join(dir, 'huge.go'), '');
    truncateSync(path.join(dir, 'huge.go'), 3 * 1024 ** 3);
    writeFileSync(path.join(dir, 't.walkthrough.yaml'), 'title: T\nsteps:\n  - file: huge.go\n    lines: 1\n');
    out.push(
      await measure('a 3 GB code file (was "not found"; 1.9 GB cost 2 GB, 6 s)', async () => {
        const report = await checkWorkspace(new NodeFileSystem({ confineTo: [dir] }), dir);
        return report.diagnostics[0]?.message.slice(0, 50) ?? '';
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const hoverSteps = Array.from({ length: 100_000 }, (_, i) => `- file: a.go\n  lines: 3\n  points: p${i}\n`).join('');
  out.push(
    await measure('hover: 100,000 steps on one line (was 29.5 MB)', async () => {
      const workspace = new Workspace(new MemoryFileSystem({ '/ws/a.go': 'package a\n\nfunc A() {}\n', '/ws/t.walkthrough.yaml': `title: T\nsteps:\n${hoverSteps}` }), ['/ws'], { error: () => undefined });
      await workspace.load();
      const result = await hover(workspace, '/ws/a.go', { line: 2, character: 0 });
      return `${((result?.contents as { value: string } | undefined)?.value.length ?? 0).toLocaleString('en-US')} characters`;
    }),
  );
  out.push(...(await typingBench()));
  out.push(...(await patternBench()));
  return out;
}

/**
 * Issue 19, item 8: a 1.5 MB Go file with 400 steps, open in the editor. 10,000 keystrokes (one
 * didChange each), then a CodeLens; and one Replace All change carrying 10,000 edits. The time is
 * until the CodeLens answers (it waits for every change before it to be applied and resolved).
 */
export async function typingBench(): Promise<string[]> {
  const out: string[] = [];
  const funcs = Array.from({ length: 12_000 }, (_, i) => `func Handler${i}(ctx context.Context, req *Request) (*Response, error) {\n\treturn call(ctx, "handler_${i}", req)\n}\n`);
  const code = `package big\n\n${funcs.join('\n')}`;
  const steps = Array.from({ length: 400 }, (_, i) => {
    const n = i * 30;
    return `  - file: big.go\n    anchor: 'func Handler${n}(ctx context.Context, req *Request) (*Response, error) {'\n    points: p${i}\n`;
  }).join('');
  const fs = new MemoryFileSystem({ '/ws/big.go': code, '/ws/t.walkthrough.yaml': `title: T\nsteps:\n${steps}` });
  const lens = async (c: InProcessClient) => (await c.request<unknown[]>('textDocument/codeLens', { textDocument: { uri: uriOf('/ws/big.go') } })).length;
  {
    const c = await InProcessClient.start({ fs });
    c.open('/ws/big.go', code);
    await lens(c);
    out.push(
      await measure(`typing: 10,000 didChange on a ${mib(code.length)} Go file, 400 steps, then CodeLens (was 67 s)`, async () => {
        // Typed at the top, one character per notification, a line break every 40.
        let line = 0;
        let column = 0;
        for (let i = 0; i < 10_000; i++) {
          const text = i % 40 === 39 ? '\n' : 'x';
          c.change('/ws/big.go', [{ range: { start: { line, character: column }, end: { line, character: column } }, text }]);
          if (text === '\n') {
            line++;
            column = 0;
          } else column++;
        }
        return `${await lens(c)} lenses`;
      }),
    );
    c.stop();
  }
  {
    const c = await InProcessClient.start({ fs });
    c.open('/ws/big.go', code);
    await lens(c);
    out.push(
      await measure('typing: one change with 10,000 edits (Replace All), then CodeLens (was 58 s)', async () => {
        // VS Code sends a multi-edit change last edit first, so that each range holds as sent.
        const edits = Array.from({ length: 10_000 }, (_, i) => {
          const at = 3 + (9_999 - i) * 4; // each function's `\treturn` line
          return { range: { start: { line: at, character: 1 }, end: { line: at, character: 7 } }, text: 'result' };
        });
        c.change('/ws/big.go', edits);
        return `${await lens(c)} lenses`;
      }),
    );
    c.stop();
  }
  return out;
}

/** Issue 19, items 1–2: hostile CodeTour patterns through `check` (each shape alone, then 200 of them in one tour). */
export async function patternBench(): Promise<string[]> {
  const out: string[] = [];
  const files: Record<string, string> = {};
  HOSTILE_PATTERNS.forEach((h, i) => (files[`/ws/evil${i}.txt`] = `x\n${h.line}\ny\n`));
  const steps = Array.from({ length: 200 }, (_, i) => ({ file: `evil${i % HOSTILE_PATTERNS.length}.txt`, pattern: HOSTILE_PATTERNS[i % HOSTILE_PATTERNS.length]!.pattern, description: `${i}` }));
  const distinct = Array.from({ length: 200 }, (_, i) => ({ file: `evil${i}.txt`, pattern: `${'(a|a)'.repeat(40)}b${'x?'.repeat(i % 5)}`, description: `${i}` }));
  for (let i = 0; i < 200; i++) files[`/ws/evil${i}.txt`] ??= `x\n${'a'.repeat(40)}\ny\n`;
  out.push(
    await measure('patterns: 200 hostile steps (9 shapes, 9 files), check (was: hangs)', async () => {
      const report = await checkWorkspace(new MemoryFileSystem({ ...files, '/ws/.tours/t.tour': JSON.stringify({ title: 'T', steps }) }), '/ws');
      return `${report.statusCounts.invalid} invalid`;
    }),
  );
  out.push(
    await measure('patterns: 200 distinct hostile patterns on 200 files, check (was: hangs)', async () => {
      const report = await checkWorkspace(new MemoryFileSystem({ ...files, '/ws/.tours/t.tour': JSON.stringify({ title: 'T', steps: distinct }) }), '/ws');
      return `${report.statusCounts.invalid} invalid`;
    }),
  );
  const engine = new WalkthroughEngine({ fs: new MemoryFileSystem({ ...files, '/ws/.tours/t.tour': JSON.stringify({ title: 'T', steps }) }), folders: ['/ws'], walkthroughGlobs: ['.tours/*.tour'] });
  await engine.loadAll();
  out.push(
    await measure('patterns: a keystroke in a hostile file after that load (was 52 s for 200 × (a+)+$)', async () => {
      await engine.setOverlay('/ws/evil0.txt', `${files['/ws/evil0.txt']}typed\n`);
      return `${engine.patternTimeouts} timeouts in all`;
    }),
  );
  return out;
}
