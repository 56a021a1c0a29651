/**
 * A synthetic workspace at scale (issue 15): `steps` anchored steps over `steps / 5` Go (or TypeScript) files in a
 * service/package layout, `steps / 100` walkthroughs with a memo each. Five methods per file,
 * each about 20 lines, plus a type, imports and comments (about 150 lines, ~5 KB per file, like a
 * real handler). Every step names its file, a `lines` hint, an anchor inside the method and the
 * method as its `symbol`, and cites a memo section. One step in ten has an out-of-date hint
 * (moved), one in fifty an edited anchor line (fuzzy): a real workspace is never all ✓.
 *
 * Deterministic: the same `steps` gives the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const STEPS_PER_FILE = 5;
export const STEPS_PER_WALKTHROUGH = 100;

export interface ScaleWorkload {
  dir: string;
  steps: number;
  codeFiles: string[];
  walkthroughFiles: string[];
  memoFiles: string[];
  /** Every file the engine must read (walkthroughs, memos, code). */
  allFiles: string[];
  bytes: number;
  /** A code file with steps (the first walkthrough's first file), for keystroke benchmarks. */
  hotFile: string;
  hotText: string;
  /** 0-based lines of the anchors of the hot file's steps, in step order. */
  hotAnchorLines: number[];
  /**
   * The statuses the workload is built to produce (88% ok, 10% moved, 2% fuzzy): a benchmark
   * compares them with what was measured, so that a broken run cannot pass as a fast one.
   */
  intended: IntendedStatuses;
}

export interface IntendedStatuses {
  ok: number;
  moved: number;
  fuzzy: number;
}

/** Step `step` has an out-of-date `lines` hint (the code moved down 3 lines). */
export function isMovedStep(step: number): boolean {
  return step % 10 === 3;
}

/** Step `step` has an edited anchor line (found only by the fuzzy search). */
export function isFuzzyStep(step: number): boolean {
  return step % 50 === 7;
}

/** What `writeScaleWorkload(dir, steps)` is built to produce, without writing anything. */
export function intendedStatuses(steps: number): IntendedStatuses {
  const counts: IntendedStatuses = { ok: 0, moved: 0, fuzzy: 0 };
  for (let step = 0; step < steps; step++) counts[isFuzzyStep(step) ? 'fuzzy' : isMovedStep(step) ? 'moved' : 'ok']++;
  return counts;
}

/** The languages the workload can be written in: the same shape of code, method for method. */
export type ScaleLanguage = 'go' | 'typescript';

interface GoFile {
  text: string;
  /** Per method: its name, the 0-based line of the step's anchor, and the anchor text. */
  methods: Array<{ symbol: string; anchorLine: number; anchor: string }>;
  /** The anchor as an edit left it (the fuzzy steps' anchors): a comparison made non-strict. */
  edited(anchor: string): string;
}

export function scaleGoFile(index: number): GoFile {
  const type = `Service${index}`;
  const lines = [
    `package pkg${index}`,
    '',
    'import (',
    '\t"context"',
    '\t"errors"',
    '\t"fmt"',
    '\t"sync"',
    ')',
    '',
    `// ${type} keeps the stock of warehouse ${index} and deducts it under a lock.`,
    `type ${type} struct {`,
    '\tmu    sync.Mutex',
    '\tstock map[int32]int32',
    '\tsold  map[string][]int32',
    '}',
    '',
    `var errShort${index} = errors.New("stock ${index} is short")`,
    '',
  ];
  const methods: GoFile['methods'] = [];
  for (let m = 0; m < STEPS_PER_FILE; m++) {
    const name = `Method${m}`;
    lines.push(`// ${name} deducts the goods of one order (${index}/${m}); the caller retries on a conflict.`);
    lines.push(`func (s *${type}) ${name}(ctx context.Context, orderSn string, goods int32, num int32) error {`);
    lines.push('\tif num <= 0 {');
    lines.push(`\t\treturn fmt.Errorf("order %s: bad number %d (${index}.${m})", orderSn, num)`);
    lines.push('\t}');
    lines.push('\ts.mu.Lock()');
    lines.push('\tdefer s.mu.Unlock()');
    const anchor = `if s.stock[goods] < num { // check ${index}.${m}`;
    methods.push({ symbol: `${type}.${name}`, anchorLine: lines.length, anchor });
    lines.push(`\t${anchor}`);
    lines.push(`\t\treturn fmt.Errorf("goods %d: %w", goods, errShort${index})`);
    lines.push('\t}');
    lines.push(`\ts.stock[goods] -= num // deduct ${index}.${m}`);
    lines.push('\ts.sold[orderSn] = append(s.sold[orderSn], goods)');
    lines.push('\tselect {');
    lines.push('\tcase <-ctx.Done():');
    lines.push('\t\treturn ctx.Err()');
    lines.push('\tdefault:');
    lines.push('\t}');
    lines.push('\treturn nil');
    lines.push('}');
    lines.push('');
  }
  lines.push(`// Snapshot copies the stock of ${type} for the report.`);
  lines.push(`func (s *${type}) Snapshot() map[int32]int32 {`);
  lines.push('\ts.mu.Lock()');
  lines.push('\tdefer s.mu.Unlock()');
  lines.push('\tout := make(map[int32]int32, len(s.stock))');
  lines.push('\tfor k, v := range s.stock {');
  lines.push('\t\tout[k] = v');
  lines.push('\t}');
  lines.push('\treturn out');
  lines.push('}');
  lines.push('');
  return { text: lines.join('\n'), methods, edited: (anchor) => anchor.replace('if s.stock[goods] < num', 'if s.stock[goods] <= num') };
}

/** The TypeScript twin of scaleGoFile: a class with the same five methods and a snapshot. */
export function scaleTsFile(index: number): GoFile {
  const type = `Service${index}`;
  const lines = [
    "import { EventEmitter } from 'node:events';",
    '',
    `/** ${type} keeps the stock of warehouse ${index} and deducts it under a lock. */`,
    `export class ${type} extends EventEmitter {`,
    '  private locked = false;',
    '  private readonly stock = new Map<number, number>();',
    '  private readonly sold = new Map<string, number[]>();',
    '',
  ];
  const methods: GoFile['methods'] = [];
  for (let m = 0; m < STEPS_PER_FILE; m++) {
    const name = `method${m}`;
    lines.push(`  /** ${name} deducts the goods of one order (${index}/${m}); the caller retries on a conflict. */`);
    lines.push(`  async ${name}(signal: AbortSignal, orderSn: string, goods: number, num: number): Promise<void> {`);
    lines.push('    if (num <= 0) {');
    lines.push(`      throw new Error(\`order \${orderSn}: bad number \${num} (${index}.${m})\`);`);
    lines.push('    }');
    // A regex literal holding a quote, and a division: what a lexer must tell apart from strings.
    lines.push(`    const sn = orderSn.replace(/[^\\w'-]/g, '') + \`#\${Math.ceil(num / 2)}\`;`);
    lines.push('    await this.lock();');
    lines.push('    try {');
    const anchor = `if ((this.stock.get(goods) ?? 0) < num) { // check ${index}.${m}`;
    methods.push({ symbol: `${type}.${name}`, anchorLine: lines.length, anchor });
    lines.push(`      ${anchor}`);
    lines.push(`        throw new Error(\`goods \${goods}: stock ${index} is short\`);`);
    lines.push('      }');
    lines.push(`      this.stock.set(goods, (this.stock.get(goods) ?? 0) - num); // deduct ${index}.${m}`);
    lines.push('      this.sold.set(sn, [...(this.sold.get(sn) ?? []), goods]);');
    lines.push('      signal.throwIfAborted();');
    lines.push('    } finally {');
    lines.push('      this.locked = false;');
    lines.push('    }');
    lines.push('  }');
    lines.push('');
  }
  lines.push(`  /** Copies the stock of ${type} for the report. */`);
  lines.push('  snapshot(): Map<number, number> {');
  lines.push('    return new Map(this.stock);');
  lines.push('  }');
  lines.push('');
  lines.push('  private async lock(): Promise<void> {');
  lines.push('    while (this.locked) await new Promise((resolve) => setTimeout(resolve, 1));');
  lines.push('    this.locked = true;');
  lines.push('  }');
  lines.push('}');
  lines.push('');
  return { text: lines.join('\n'), methods, edited: (anchor) => anchor.replace('?? 0) < num', '?? 0) <= num') };
}

function codePath(index: number, language: ScaleLanguage = 'go'): string {
  return language === 'go' ? `services/svc${Math.floor(index / 100)}/pkg${index}/service${index}.go` : `services/svc${Math.floor(index / 100)}/pkg${index}/service${index}.ts`;
}

/** Writes the workload into `dir` (created) and returns where things are. */
export function writeScaleWorkload(dir: string, steps: number, options: { symbols?: boolean; language?: ScaleLanguage } = {}): ScaleWorkload {
  const language = options.language ?? 'go';
  const fileCount = Math.ceil(steps / STEPS_PER_FILE);
  const codeFiles: string[] = [];
  const goFiles: GoFile[] = [];
  let bytes = 0;
  for (let i = 0; i < fileCount; i++) {
    const go = language === 'go' ? scaleGoFile(i) : scaleTsFile(i);
    const file = path.join(dir, codePath(i, language));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, go.text);
    bytes += Buffer.byteLength(go.text);
    codeFiles.push(file);
    goFiles.push(go);
  }

  const walkthroughFiles: string[] = [];
  const memoFiles: string[] = [];
  mkdirSync(path.join(dir, 'walkthroughs'), { recursive: true });
  for (let w = 0; w * STEPS_PER_WALKTHROUGH < steps; w++) {
    const first = w * STEPS_PER_WALKTHROUGH;
    const count = Math.min(STEPS_PER_WALKTHROUGH, steps - first);
    const sections = Math.ceil(count / 5);
    const memo = [`# Warehouse notes ${w}`, ''];
    for (let s = 0; s < sections; s++) {
      memo.push(`## Topic ${w}.${s}: why deduct under a lock`, '', `The lock serialises deductions of the same goods (${w}.${s}); without it two orders can both pass the check.`, '');
    }
    const memoText = memo.join('\n');
    const memoFile = path.join(dir, 'walkthroughs', `notes${w}.md`);
    writeFileSync(memoFile, memoText);
    bytes += Buffer.byteLength(memoText);
    memoFiles.push(memoFile);

    const yaml = [`id: warehouse-${w}`, `title: Warehouse ${w}`, `memo: notes${w}.md`, 'steps:'];
    for (let k = 0; k < count; k++) {
      const step = first + k;
      const fileIndex = Math.floor(step / STEPS_PER_FILE);
      const method = goFiles[fileIndex]!.methods[step % STEPS_PER_FILE]!;
      // One hint in ten is out of date (the code moved down 3 lines); one anchor in fifty was edited.
      const hint = method.anchorLine + 1 + (isMovedStep(step) ? -3 : 0);
      const anchor = isFuzzyStep(step) ? goFiles[fileIndex]!.edited(method.anchor) : method.anchor;
      yaml.push(`  - id: s${step}`);
      yaml.push(`    title: Deduct ${step}`);
      yaml.push(`    file: ${codePath(fileIndex, language)}`);
      yaml.push(`    lines: ${hint}-${hint + 2}`);
      yaml.push(`    anchor: ${JSON.stringify(anchor)}`);
      // Without symbols (cache.bench.ts): a step found by its anchor at its hint needs no parse.
      if (options.symbols !== false) yaml.push(`    symbol: ${method.symbol}`);
      yaml.push(`    section: "Topic ${w}.${Math.floor(k / 5)}: why deduct under a lock"`);
      yaml.push(`    question: Why is stock ${step} checked under the lock?`);
      yaml.push('    points: |');
      yaml.push(`      - The check and the deduction of ${step} must be one critical section.`);
      yaml.push('      - A distributed lock is needed once there is more than one instance.');
    }
    const yamlText = `${yaml.join('\n')}\n`;
    const walkthroughFile = path.join(dir, 'walkthroughs', `warehouse${w}.walkthrough.yaml`);
    writeFileSync(walkthroughFile, yamlText);
    bytes += Buffer.byteLength(yamlText);
    walkthroughFiles.push(walkthroughFile);
  }

  const hot = goFiles[0]!;
  return {
    dir,
    steps,
    codeFiles,
    walkthroughFiles,
    memoFiles,
    allFiles: [...walkthroughFiles, ...memoFiles, ...codeFiles],
    bytes,
    hotFile: codeFiles[0]!,
    hotText: hot.text,
    hotAnchorLines: hot.methods.map((m) => m.anchorLine),
    intended: intendedStatuses(steps),
  };
}
