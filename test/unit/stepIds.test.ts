// Stable step ids (server/src/core/stepIds.ts): which steps lack one, and the ids the quick fix suggests.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseWalkthrough } from '../../server/src/core/format/parseWalkthrough';
import { missingStepIdDiagnostics, suggestAllStepIds } from '../../server/src/core/stepIds';

const parse = (yaml: string) => parseWalkthrough('/w/t.walkthrough.yaml', yaml);

describe('stable step ids', () => {
  it('reports each step without an `id` as an info on its first key', () => {
    const spec = parse('title: T\nsteps:\n  - id: keep\n    file: a.go\n  - title: Sell lock\n    file: a.go\n  - file: b.go\n    lines: 3\n');
    const diagnostics = missingStepIdDiagnostics(spec);
    assert.deepEqual(diagnostics.map((d) => [d.severity, d.code, d.stepIndex, d.range.start.line, d.range.start.character]), [
      ['info', 'missing-step-id', 1, 4, 4],
      ['info', 'missing-step-id', 2, 6, 4],
    ]);
  });

  it('suggests ids from the title, symbol or file, unique and never purely numeric', () => {
    const spec = parse(
      [
        'title: T',
        'steps:',
        '  - id: sell-lock',
        '    file: a.go',
        '  - title: Sell lock', // clashes with the explicit id
        '    file: a.go',
        '  - title: 加锁扣库存', // no ASCII: falls back to the symbol
        '    symbol: ExecuteLocalTransaction',
        '  - title: 加锁', // nor a symbol: the file name
        '    file: handler/order.go',
        '  - title: "2024"',
        '    file: a.go',
        '  - points: only points', // nothing at all: its position
        '',
      ].join('\n'),
    );
    assert.deepEqual([...suggestAllStepIds(spec).values()], ['sell-lock-2', 'execute-local-transaction', 'order', 'step-2024', 'step-6']);
  });

  it('finds nothing to fix in the bundled walkthroughs (they all have ids)', () => {
    const dir = path.join(__dirname, '..', '..', 'walkthroughs');
    const files = readdirSync(dir).filter((f) => f.endsWith('.walkthrough.yaml'));
    assert.ok(files.length >= 9);
    for (const file of files) {
      const spec = parseWalkthrough(path.join(dir, file), readFileSync(path.join(dir, file), 'utf8'));
      assert.ok(spec.steps.length > 0, file);
      assert.deepEqual(missingStepIdDiagnostics(spec), [], file);
    }
  });
});
