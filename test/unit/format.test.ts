/**
 * The walkthrough format: parseWalkthrough reports every format problem at the exact key or
 * value it is about, and loads whatever else it can. Ranges are 0-based line / UTF-16 character,
 * computed from the YAML text with `at()` instead of typed in.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultWalkthroughId, formatLines, isWalkthroughFile, parseLines, parseWalkthrough, type WalkthroughSpec } from '../../server/src/core/format/parseWalkthrough';
import type { Diagnostic, Range } from '../../server/src/core/types';

const FILE = '/ws/walkthroughs/order-flow.walkthrough.yaml';

function parse(text: string, file = FILE): WalkthroughSpec {
  return parseWalkthrough(file, text);
}

/** The range of the `occurrence`-th (0-based) appearance of `needle` in `text`, on one line. */
function at(text: string, needle: string, occurrence = 0): Range {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset === -1) throw new Error(`"${needle}" #${occurrence} not in text`);
  }
  const before = text.slice(0, offset).split('\n');
  const line = before.length - 1;
  const character = before[line]!.length;
  return { start: { line, character }, end: { line, character: character + needle.length } };
}

function only(spec: WalkthroughSpec, code: string): Diagnostic {
  const found = spec.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got: ${JSON.stringify(spec.diagnostics.map((d) => [d.code, d.message]))}`);
  return found[0]!;
}

function codesOf(spec: WalkthroughSpec): string[] {
  return spec.diagnostics.map((d) => d.code).sort();
}

describe('format: a valid file', () => {
  it('reads every key, with the walkthrough file recorded on each diagnostic-free spec', () => {
    const text = `title: 下单链路
id: order
description: |
  The order flow.
root: ../sample-repo
memo: memo/interview.md
next: idempotency
primary: true
steps:
  - id: sell-lock
    title: 商品粒度的分布式锁
    file: inventory_srv/handler/inventory.go
    lines: 74-78
    anchor: |
      mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))
    symbol: InventoryServer.Sell
    section: "1. 核心难点"
    memo: other.md
    points: talk about it
    question: 如何保证高并发下不超卖？
`;
    const spec = parse(text);
    assert.deepEqual(spec.diagnostics, []);
    assert.equal(spec.title, '下单链路');
    assert.equal(spec.id, 'order');
    assert.equal(spec.description, 'The order flow.\n');
    assert.equal(spec.root, '../sample-repo');
    assert.equal(spec.memo, 'memo/interview.md');
    assert.equal(spec.next, 'idempotency');
    assert.equal(spec.primary, true);
    assert.equal(spec.steps.length, 1);
    const step = spec.steps[0]!;
    assert.equal(step.id, 'sell-lock');
    assert.deepEqual(step.lines, { start: 73, end: 77 });
    assert.equal(step.anchor, 'mutex := global.Rs.NewMutex(fmt.Sprintf("goods_%d", goodsInfo.GoodsId))\n');
    assert.equal(step.symbol, 'InventoryServer.Sell');
    assert.equal(step.section, '1. 核心难点');
    assert.equal(step.malformed, undefined);
    // Spans point at the key and the value in the source.
    assert.deepEqual(step.spans.lines, { key: at(text, 'lines'), value: at(text, '74-78') });
    assert.deepEqual(spec.spans.next, { key: at(text, 'next'), value: at(text, 'idempotency') });
    assert.deepEqual(step.range.start, at(text, 'id: sell-lock').start);
  });
});

describe('format: spans of many steps share one store per file', () => {
  it('every step of a long walkthrough points at its own keys and values, the last as the first', () => {
    const count = 40;
    const steps = Array.from({ length: count }, (_, i) => `  - file: f${i}.go\n    lines: ${i + 1}-${i + 2}\n    anchor: line ${i}\n    points: pt${i}x\n`).join('');
    const text = `title: many\nsteps:\n${steps}next: other\n`;
    const spec = parse(text);
    assert.deepEqual(spec.diagnostics, []);
    assert.equal(spec.steps.length, count);
    spec.steps.forEach((step, i) => {
      assert.deepEqual(step.spans.file, { key: at(text, 'file', i), value: at(text, `f${i}.go`) }, `step ${i + 1} file`);
      assert.deepEqual(step.spans.lines!.value, at(text, `${i + 1}-${i + 2}`), `step ${i + 1} lines`);
      assert.deepEqual(step.spans.points, { key: at(text, 'points', i), value: at(text, `pt${i}x`) }, `step ${i + 1} points`);
      assert.deepEqual(Object.keys(step.spans), ['file', 'lines', 'anchor', 'points']);
    });
    assert.deepEqual(spec.spans.next, { key: at(text, 'next'), value: at(text, 'other') });
  });
});

describe('format: YAML syntax errors', () => {
  it('an unclosed flow sequence gives yaml-syntax with a range, and the other steps still load', () => {
    const text = `title: t
steps:
  - file: a.go
    lines: 3
  - file: b.go
    lines: [1
  - file: c.go
    lines: 7
`;
    const spec = parse(text);
    const syntax = spec.diagnostics.filter((d) => d.code === 'yaml-syntax');
    assert.ok(syntax.length >= 1);
    for (const d of syntax) {
      assert.equal(d.severity, 'error');
      assert.equal(d.file, FILE);
      assert.match(d.message, /^YAML syntax error: /);
      // A real range inside the file, not past its last line, and at least one character wide.
      assert.ok(d.range.start.line >= 5 && d.range.start.line <= 8, `line ${d.range.start.line}`);
      assert.ok(d.range.end.line > d.range.start.line || d.range.end.character > d.range.start.character);
    }
    assert.equal(spec.title, 't');
    // Everything before the error loads intact; the broken step is still a step (so ids stay put).
    assert.deepEqual(
      spec.steps.slice(0, 2).map((s) => [s.id, s.file]),
      [
        ['1', 'a.go'],
        ['2', 'b.go'],
      ],
    );
    assert.deepEqual(spec.steps[0]!.lines, { start: 2, end: 2 });
    assert.equal(spec.steps[0]!.malformed, undefined);
    assert.ok(spec.steps[1]!.malformed, 'the step whose `lines` is broken cannot be placed');
  });

  it('a duplicate key is a syntax error at the second key', () => {
    const text = 'title: t\ntitle: u\nsteps:\n  - file: a.go\n';
    const spec = parse(text);
    const d = only(spec, 'yaml-syntax');
    assert.equal(d.range.start.line, 1);
    assert.equal(d.range.start.character, 0);
    assert.match(d.message, /unique/i);
    assert.equal(spec.steps.length, 1);
  });

  it('an unclosed quote is reported and does not throw', () => {
    const spec = parse('title: t\nsteps:\n  - file: a.go\n    anchor: "unterminated\n');
    const d = only(spec, 'yaml-syntax');
    assert.equal(d.severity, 'error');
    assert.ok(d.range.start.line >= 3);
    assert.equal(spec.title, 't');
  });

  it('an empty file or a file that is not a mapping is an error, not a crash', () => {
    for (const text of ['', '# only a comment\n', '- a\n- b\n', 'just text\n']) {
      const spec = parse(text);
      const d = only(spec, 'invalid-type');
      assert.equal(d.severity, 'error');
      assert.deepEqual(spec.steps, []);
      assert.equal(spec.id, 'order-flow');
    }
    const list = parse('\n- a\n- b\n');
    assert.equal(only(list, 'invalid-type').range.start.line, 1, 'points at the list, not line 0');
  });
});

describe('format: wrong types are reported at the value', () => {
  const text = `title: [1]
primary: "yes"
steps:
  - file: a.go
    lines: abc
  - file: b.go
    lines: 2
`;
  const spec = parse(text);

  it('title: [1] → invalid-type at the flow sequence', () => {
    const d = spec.diagnostics.find((x) => x.code === 'invalid-type' && x.message.includes('`title`'));
    assert.ok(d);
    assert.deepEqual(d.range, at(text, '[1]'));
    assert.deepEqual(d.range, { start: { line: 0, character: 7 }, end: { line: 0, character: 10 } });
    assert.equal(d.severity, 'error');
    // The bad title is not used, but it is not "missing" either.
    assert.equal(spec.title, 'order-flow');
    assert.ok(!spec.diagnostics.some((x) => x.code === 'missing-key'));
  });

  it('primary: "yes" → invalid-type at the quoted string, quotes included', () => {
    const d = spec.diagnostics.find((x) => x.code === 'invalid-type' && x.message.includes('`primary`'));
    assert.ok(d);
    assert.deepEqual(d.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 14 } });
    assert.equal(spec.primary, false);
  });

  it('lines: abc → invalid-lines at the value; the step is malformed, the next one is fine', () => {
    const d = only(spec, 'invalid-lines');
    assert.deepEqual(d.range, { start: { line: 4, character: 11 }, end: { line: 4, character: 14 } });
    assert.equal(d.stepIndex, 0);
    assert.ok(spec.steps[0]!.malformed);
    assert.equal(spec.steps[0]!.lines, undefined);
    assert.equal(spec.steps[1]!.malformed, undefined);
    assert.deepEqual(spec.steps[1]!.lines, { start: 1, end: 1 });
  });

  it('exactly these three problems, nothing else', () => {
    assert.deepEqual(codesOf(spec), ['invalid-lines', 'invalid-type', 'invalid-type']);
  });

  it('plain `yes` is a string in YAML 1.2, so `primary: yes` is an error too', () => {
    const t = 'title: t\nprimary: yes\nsteps:\n  - points: x\n';
    const d = only(parse(t), 'invalid-type');
    assert.deepEqual(d.range, at(t, 'yes'));
  });

  it('numbers are accepted where an id or title could be one, not for paths', () => {
    const t = 'title: 42\nid: 7\nnext: 8\nsteps:\n  - id: 3\n    title: 5\n    file: 12\n    section: 2024\n';
    const s = parse(t);
    assert.equal(s.title, '42');
    assert.equal(s.id, '7');
    assert.equal(s.next, '8');
    assert.equal(s.steps[0]!.id, '3');
    assert.equal(s.steps[0]!.title, '5');
    assert.equal(s.steps[0]!.section, '2024');
    const d = only(s, 'invalid-type');
    assert.deepEqual(d.range, at(t, '12'));
    assert.match(d.message, /`file`/);
    assert.equal(d.stepIndex, 0);
    assert.ok(s.steps[0]!.malformed);
  });

  it('a mapping where text belongs, and a step that is not a mapping', () => {
    const t = 'title: t\nsteps:\n  - file: {a: 1}\n  - just a string\n  - points: fine\n';
    const s = parse(t);
    const [fileType, stepType] = s.diagnostics.filter((d) => d.code === 'invalid-type');
    assert.deepEqual(fileType!.range, at(t, '{a: 1}'));
    assert.deepEqual(stepType!.range, at(t, 'just a string'));
    assert.equal(stepType!.stepIndex, 1);
    assert.ok(s.steps[1]!.malformed);
    assert.equal(s.steps[2]!.malformed, undefined);
    assert.equal(s.steps.length, 3);
  });

  it('UTF-16 columns on a line with CJK text and an emoji', () => {
    const t = 'title: t\nsteps:\n  - {title: 下单😀, file: a.go, lines: x}\n';
    const d = only(parse(t), 'invalid-lines');
    // 😀 is two UTF-16 code units: a byte- or code-point-based column would differ.
    const column = '  - {title: 下单😀, file: a.go, lines: '.length;
    assert.deepEqual(d.range, { start: { line: 2, character: column }, end: { line: 2, character: column + 1 } });
  });
});

describe('format: missing and empty', () => {
  it('steps: [] → empty-steps at the empty list', () => {
    const t = 'title: t\nsteps: []\n';
    const d = only(parse(t), 'empty-steps');
    assert.deepEqual(d.range, at(t, '[]'));
    assert.equal(d.severity, 'error');
  });

  it('steps: with no value → empty-steps at the key', () => {
    const t = 'title: t\nsteps:\n';
    const d = only(parse(t), 'empty-steps');
    assert.deepEqual(d.range, at(t, 'steps'));
  });

  it('steps that is not a list → invalid-type at the value', () => {
    const t = 'title: t\nsteps: many\n';
    const s = parse(t);
    assert.deepEqual(only(s, 'invalid-type').range, at(t, 'many'));
    assert.deepEqual(s.steps, []);
  });

  it('missing title and steps → two missing-key errors at the start of the mapping', () => {
    const t = '\n\nid: x\ndescription: y\n';
    const s = parse(t);
    const missing = s.diagnostics.filter((d) => d.code === 'missing-key');
    assert.equal(missing.length, 2);
    assert.ok(missing.some((d) => /`title`/.test(d.message)));
    assert.ok(missing.some((d) => /`steps`/.test(d.message)));
    for (const d of missing) {
      assert.equal(d.severity, 'error');
      assert.deepEqual(d.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } });
    }
    // Without a title the walkthrough is still listed, under its file name.
    assert.equal(s.title, 'order-flow');
    assert.equal(s.id, 'x');
  });
});

describe('format: YAML aliases', () => {
  it('`file: *inv` reads the aliased value; problems are reported at the alias', () => {
    const t = 'title: t\nsteps:\n  - file: &inv handler/inventory.go\n    lines: &l 3\n  - file: *inv\n    lines: *l\n  - file: *inv\n    primary: x\n    lines: &bad abc\n  - file: *inv\n    lines: *bad\n';
    const s = parse(t);
    assert.deepEqual(
      s.steps.map((x) => [x.file, x.lines?.start]),
      [
        ['handler/inventory.go', 2],
        ['handler/inventory.go', 2],
        ['handler/inventory.go', undefined],
        ['handler/inventory.go', undefined],
      ],
    );
    const bad = s.diagnostics.filter((d) => d.code === 'invalid-lines');
    assert.deepEqual(
      bad.map((d) => d.range),
      [at(t, 'abc'), at(t, '*bad')],
    );
    assert.deepEqual(s.steps[1]!.spans.lines!.value, at(t, '*l'));
  });
});

describe('format: YAML merge keys (issue 19, item 7)', () => {
  it('`<<: *base` gives the step the base mapping\'s keys; keys written in the step win; no unknown-key warning', () => {
    const t = 'title: t\nsteps:\n  - &base\n    file: handler/inventory.go\n    symbol: Sell\n    lines: 3\n  - <<: *base\n    id: second\n    lines: 9\n  - <<: [*base]\n    question: why?\n';
    const s = parse(t);
    assert.deepEqual(codesOf(s), []);
    assert.deepEqual(
      s.steps.map((x) => [x.id, x.file, x.symbol, x.lines?.start, x.question]),
      [
        ['1', 'handler/inventory.go', 'Sell', 2, undefined],
        ['second', 'handler/inventory.go', 'Sell', 8, undefined],
        ['3', 'handler/inventory.go', 'Sell', 2, 'why?'],
      ],
    );
    // A merged value has no span of its own: nothing rewrites the shared mapping in place.
    assert.equal(s.steps[2]!.spans.lines, undefined);
    assert.deepEqual(s.steps[1]!.spans.lines!.value, at(t, '9'));
  });

  it('a merged value of the wrong type is reported at the merge', () => {
    const t = 'title: t\nsteps:\n  - &base\n    file: [a]\n    points: p\n  - <<: *base\n    points: q\n';
    const s = parse(t);
    const invalid = s.diagnostics.filter((d) => d.code === 'invalid-type');
    assert.deepEqual(invalid.map((d) => d.range), [at(t, '[a]'), at(t, '*base')]);
  });
});

describe('format: an empty title', () => {
  it('`title:` with no value, or blank, is an error at the key', () => {
    for (const t of ['title:\nsteps:\n  - points: x\n', 'title: ""\nsteps:\n  - points: x\n', "title: '  '\nsteps:\n  - points: x\n"]) {
      const s = parse(t);
      const d = only(s, 'missing-key');
      assert.deepEqual(d.range, at(t, 'title'), t);
      assert.equal(d.severity, 'error');
      assert.equal(s.title, 'order-flow', 'listed under its file name');
    }
  });
});

describe('format: unknown keys are warnings at the key', () => {
  const text = `title: t
titel: typo
steps:
  - file: a.go
    lnes: 3
    points: p
`;
  const spec = parse(text);

  it('a top-level typo', () => {
    const d = spec.diagnostics.find((x) => x.code === 'unknown-key' && x.message.includes('`titel`'));
    assert.ok(d);
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.range, at(text, 'titel'));
    assert.equal(d.stepIndex, undefined);
  });

  it('a step typo, with the step index; the rest of the step still loads', () => {
    const d = spec.diagnostics.find((x) => x.code === 'unknown-key' && x.message.includes('`lnes`'));
    assert.ok(d);
    assert.equal(d.severity, 'warning');
    assert.deepEqual(d.range, at(text, 'lnes'));
    assert.equal(d.stepIndex, 0);
    assert.equal(spec.steps[0]!.file, 'a.go');
    assert.equal(spec.steps[0]!.points, 'p');
    assert.equal(spec.steps[0]!.lines, undefined);
    assert.equal(spec.steps[0]!.malformed, undefined, 'a warning does not make the step invalid');
  });

  it('only the two warnings', () => {
    assert.deepEqual(codesOf(spec), ['unknown-key', 'unknown-key']);
  });
});

describe('format: lines', () => {
  it('parseLines accepts numbers, strings and ranges (1-based in, 0-based out)', () => {
    assert.deepEqual(parseLines(74), { start: 73, end: 73 });
    assert.deepEqual(parseLines('74'), { start: 73, end: 73 });
    assert.deepEqual(parseLines('74-78'), { start: 73, end: 77 });
    assert.deepEqual(parseLines(' 3 - 5 '), { start: 2, end: 4 });
    assert.deepEqual(parseLines('1'), { start: 0, end: 0 });
    assert.deepEqual(parseLines('5-5'), { start: 4, end: 4 });
  });

  it('parseLines rejects reversed, zero and junk with a message', () => {
    const reversed = parseLines('78-74');
    assert.equal(typeof reversed, 'string');
    assert.match(reversed as string, /reversed/);
    assert.match(reversed as string, /78-74/);
    for (const bad of ['0', 0, '0-3', '-3', '3-', 'abc', '1.5', 1.5, '3..5', '', true, null, undefined, [3]]) {
      assert.equal(typeof parseLines(bad), 'string', `${JSON.stringify(bad)} should be rejected`);
    }
    assert.match(parseLines('0') as string, /line 1/);
  });

  it('formatLines is the inverse of parseLines', () => {
    for (const text of ['1', '74', '74-78']) assert.equal(formatLines(parseLines(text) as { start: number; end: number }), text);
  });

  it('through YAML: every form, and the bad ones at their value', () => {
    const t = `title: t
steps:
  - {file: a.go, lines: 74}
  - {file: a.go, lines: "74"}
  - {file: a.go, lines: 74-78}
  - {file: a.go, lines: " 3 - 5 "}
  - {file: a.go, lines: 78-74}
  - {file: a.go, lines: "0"}
  - {file: a.go, lines: }
`;
    const s = parse(t);
    assert.deepEqual(
      s.steps.map((x) => x.lines),
      [{ start: 73, end: 73 }, { start: 73, end: 73 }, { start: 73, end: 77 }, { start: 2, end: 4 }, undefined, undefined, undefined],
    );
    const bad = s.diagnostics.filter((d) => d.code === 'invalid-lines');
    assert.deepEqual(
      bad.map((d) => d.stepIndex),
      [4, 5],
    );
    assert.deepEqual(bad[0]!.range, at(t, '78-74'));
    assert.deepEqual(bad[1]!.range, at(t, '"0"'));
    assert.ok(s.steps[4]!.malformed && s.steps[5]!.malformed);
    assert.equal(s.steps[6]!.malformed, undefined, 'an empty `lines:` is as if absent');
  });
});

describe('format: ids', () => {
  it('steps without ids are numbered from 1', () => {
    const s = parse('title: t\nsteps:\n  - points: a\n  - id: named\n    points: b\n  - points: c\n');
    assert.deepEqual(
      s.steps.map((x) => x.id),
      ['1', 'named', '3'],
    );
    assert.deepEqual(
      s.steps.map((x) => x.index),
      [0, 1, 2],
    );
  });

  it('the walkthrough id defaults to the file name without .walkthrough.yaml/.yml', () => {
    assert.equal(parse('title: t\nsteps:\n  - points: a\n', '/ws/a/order-flow.walkthrough.yaml').id, 'order-flow');
    assert.equal(parse('title: t\nsteps:\n  - points: a\n', '/ws/a/b.c.walkthrough.yml').id, 'b.c');
    assert.equal(defaultWalkthroughId('/x/Tour.Walkthrough.YAML'), 'Tour');
    assert.ok(isWalkthroughFile('/x/a.walkthrough.yml'));
    assert.ok(isWalkthroughFile('/x/a.WALKTHROUGH.yaml'));
    assert.ok(!isWalkthroughFile('/x/a.yaml'));
    assert.ok(!isWalkthroughFile('/x/walkthrough.yaml.bak'));
    assert.ok(!isWalkthroughFile('/x/a.walkthrough.yaml/b.go'));
  });

  it('a duplicate step id is an error at the second id value', () => {
    const t = 'title: t\nsteps:\n  - id: a\n    points: x\n  - id: b\n    points: y\n  - id: a\n    points: z\n';
    const s = parse(t);
    const d = only(s, 'duplicate-step-id');
    const key = at(t, 'id: a', 1);
    assert.deepEqual(d.range, { start: { line: key.start.line, character: key.start.character + 4 }, end: key.end });
    assert.equal(d.stepIndex, 2);
    assert.match(d.message, /step 1/);
  });

  it('an explicit id can collide with a default one', () => {
    const t = 'title: t\nsteps:\n  - id: 2\n    points: x\n  - points: y\n';
    const s = parse(t);
    const d = only(s, 'duplicate-step-id');
    assert.equal(d.stepIndex, 1);
    // The second step has no id key: the whole step is marked.
    assert.deepEqual(d.range.start, at(t, 'points: y').start);
  });
});

describe('format: steps that cannot be shown', () => {
  it('anchor without file → missing-key at the anchor key, step malformed', () => {
    const t = 'title: t\nsteps:\n  - anchor: foo()\n    section: s\n';
    const s = parse(t);
    const d = only(s, 'missing-key');
    assert.deepEqual(d.range, at(t, 'anchor'));
    assert.equal(d.stepIndex, 0);
    assert.match(s.steps[0]!.malformed!, /no `file`/);
  });

  it('lines or symbol without file → the error points at that key', () => {
    const t = 'title: t\nsteps:\n  - symbol: Foo\n  - lines: 3\n';
    const s = parse(t);
    const missing = s.diagnostics.filter((d) => d.code === 'missing-key');
    assert.deepEqual(
      missing.map((d) => d.range),
      [at(t, 'symbol'), at(t, 'lines')],
    );
    assert.ok(!s.diagnostics.some((d) => d.code === 'empty-step'), 'one error per problem');
  });

  it('a step with nothing to show → empty-step at the step', () => {
    const t = 'title: t\nsteps:\n  - title: just a title\n    question: why?\n  - section: s\n  - points: p\n  - file: a.go\n';
    const s = parse(t);
    const d = only(s, 'empty-step');
    assert.equal(d.stepIndex, 0);
    assert.deepEqual(d.range.start, at(t, 'title: just').start);
    assert.ok(s.steps[0]!.malformed);
    assert.deepEqual(
      s.steps.slice(1).map((x) => x.malformed),
      [undefined, undefined, undefined],
    );
  });

  it('an empty mapping step is empty too', () => {
    const s = parse('title: t\nsteps:\n  - {}\n');
    assert.equal(only(s, 'empty-step').stepIndex, 0);
  });
});
