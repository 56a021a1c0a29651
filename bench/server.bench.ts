/** Benchmarks through the real bundled server over stdio, as an editor would see it. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileUri, lensesWhenReady, memoryOf, SERVER, startServer } from './lspClient';
import { mib, sample, summary } from './stats';
import { writeWorkload } from './workload';

export async function serverBench(steps: number): Promise<string[]> {
  if (!existsSync(SERVER)) return ['server: dist/server.js missing — run `npm run build` first'];
  const out: string[] = [];

  // The first CodeLens on the bundled sample is part of the scale series (scale.bench.ts).
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-bench-server-'));
  const workload = writeWorkload(dir, steps);
  const server = await startServer(dir);
  try {
    const uri = fileUri(workload.codeFile);
    server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'go', version: 1, text: workload.code } });
    const first = (await lensesWhenReady(server.connection, uri, (l) => l.length >= steps)) ?? [];
    out.push(`server: ${first.length} lenses on the ${steps}-step file`);
    const codeLens = () => server.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    const hover = (i: number) =>
      server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: workload.anchorLines[i % steps]! + 1, character: 4 } });
    await sample(50, codeLens);
    out.push(summary('server: textDocument/codeLens (200-step file)', await sample(500, codeLens), '≤ 10 ms'));
    await sample(50, hover);
    out.push(summary('server: textDocument/hover (inside a step)', await sample(500, hover), '≤ 10 ms'));

    // Typing: insert a line at the top and wait until the lenses have moved down.
    let version = 1;
    const typing = await sample(20, async (i) => {
      version++;
      server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `// typed ${i}\n` }],
      });
      const expected = workload.anchorLines[0]! + i + 1;
      await lensesWhenReady(server.connection, uri, (l) => l.some((lens) => lens.range.start.line === expected));
    });
    out.push(summary('server: keystroke → lenses moved (incl. debounce)', typing));
    out.push(`server: resident memory with the ${steps}-step workspace  ${mib(memoryOf(server.pid).rss)}`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
