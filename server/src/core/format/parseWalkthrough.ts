/**
 * Parses a walkthrough YAML file into a model that remembers where every key and value is,
 * and reports format problems (syntax, types, unknown keys, missing keys, bad `lines`).
 * Problems that need the file system (paths, memo sections, anchors) are found later.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { basename } from '../../../../common/src/paths';
import type { Diagnostic, DiagnosticCode, LineSpan, Range, Severity } from '../types';
import { t } from '../l10n';
import { compactSpans, SourceText, type SpanOffsets } from './sourceSpans';

export const WALKTHROUGH_KEYS = ['title', 'id', 'description', 'root', 'memo', 'next', 'primary', 'practice', 'convertedFrom', 'steps'] as const;
export const STEP_KEYS = ['id', 'title', 'file', 'lines', 'anchor', 'symbol', 'section', 'memo', 'points', 'question'] as const;
export type WalkthroughKey = (typeof WALKTHROUGH_KEYS)[number];
export type StepKey = (typeof STEP_KEYS)[number];

/** Where a key and its value stand in the YAML source. */
export interface SourceSpan {
  key: Range;
  value: Range;
}

export interface StepSpec {
  /** 0-based position in `steps`. */
  index: number;
  /** The `id`, or the 1-based index as a string. */
  id: string;
  title?: string;
  file?: string;
  /** The `lines` hint, 0-based inclusive. */
  lines?: LineSpan;
  anchor?: string;
  symbol?: string;
  section?: string;
  memo?: string;
  points?: string;
  question?: string;
  /** A CodeTour `pattern`: a regular expression whose first match (multi-line mode) is the step's line. */
  pattern?: string;
  /** The step comes from a CodeTour `.tour` file (its `line` cannot follow the code). */
  codeTour?: boolean;
  /**
   * A CodeTour line step repaired from git history (core/codetour/tourHistory.ts): its `anchor`
   * (and `symbol`) were read at this commit, when the tour was written.
   */
  history?: { commit: string };
  /** The whole step in the YAML source. */
  range: Range;
  spans: Partial<Record<StepKey | 'pattern', SourceSpan>>;
  /** The step is malformed (not a mapping, bad `lines`, …): it resolves to `invalid`. */
  malformed?: string;
  /** Why the `lines` value must not be rewritten in place (an alias, an anchor, a block scalar). */
  linesNotEditable?: string;
}

export interface WalkthroughSpec {
  /** Absolute path of the YAML file. */
  file: string;
  id: string;
  title: string;
  description?: string;
  root?: string;
  memo?: string;
  next?: string;
  primary: boolean;
  /**
   * `practice: false`: the steps are not added to the daily practice (due and new counts); they can
   * still be rehearsed on purpose. Review walkthroughs are written with it.
   */
  practice: boolean;
  /**
   * The CodeTour `.tour` this walkthrough was converted from (relative to this file): the tour is
   * kept for colleagues still on CodeTour, and hidden where this walkthrough is listed.
   */
  convertedFrom?: string;
  /** `codetour` for a `.tour` file read as a walkthrough (see core/codetour/parseTour.ts). */
  format?: 'codetour';
  /** A CodeTour tour's git `ref` (shown; steps resolve against the working tree). */
  ref?: string;
  /** Where that `ref` value stands in the tour file. */
  refRange?: Range;
  steps: StepSpec[];
  spans: Partial<Record<WalkthroughKey, SourceSpan>>;
  /** The whole document's range, for problems about the file as a whole. */
  range: Range;
  diagnostics: Diagnostic[];
}

const WALKTHROUGH_FILE = /\.walkthrough\.ya?ml$/i;

export function isWalkthroughFile(file: string): boolean {
  return WALKTHROUGH_FILE.test(file);
}

export function defaultWalkthroughId(file: string): string {
  return basename(file).replace(WALKTHROUGH_FILE, '');
}

export function parseWalkthrough(file: string, text: string): WalkthroughSpec {
  // Positions come from our own line index, not the parser's: after a syntax error its line
  // counter can miss lines, and error offsets can point past the end (found by fuzzing).
  const source = new SourceText(text);
  // YAML knows only LF and CRLF; a lone CR (old Mac files) is a line break to editors. Same
  // length, so offsets and ranges still point into the original text.
  const doc = parseDocument(text.replace(/\r(?!\n)/g, '\n'), { prettyErrors: false, uniqueKeys: true });
  const toRange = (start: number, end: number): Range => source.range(start, end);
  const nodeRange = (node: Node | null | undefined): Range => (node?.range ? toRange(node.range[0], node.range[1]) : toRange(0, 0));

  const spec: WalkthroughSpec = {
    file,
    id: defaultWalkthroughId(file),
    title: defaultWalkthroughId(file),
    primary: false,
    practice: true,
    steps: [],
    spans: {},
    range: toRange(0, text.length),
    diagnostics: [],
  };
  const report = (range: Range, severity: Severity, code: DiagnosticCode, message: string, stepIndex?: number): void => {
    spec.diagnostics.push({ file, range, severity, code, message, ...(stepIndex === undefined ? {} : { stepIndex }) });
  };

  for (const error of doc.errors) {
    report(toRange(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)), 'error', 'yaml-syntax', t('YAML syntax error: {0}', firstLine(error.message)));
  }

  const top = doc.contents;
  if (!isMap(top)) {
    if (doc.errors.length === 0) {
      report(top ? nodeRange(top as Node) : spec.range, 'error', 'invalid-type', t('A walkthrough file must be a mapping with `title` and `steps`.'));
    }
    return spec;
  }

  // `file: *inv` after `file: &inv handler/inventory.go` is plain YAML: read the value it names.
  const resolveAlias: ResolveAlias = (node) => {
    if (!isAlias(node)) return node;
    const target = node.resolve(doc);
    return isScalar(target) ? target : node;
  };
  const resolveMap: ResolveMap = (node) => {
    const target = isAlias(node) ? node.resolve(doc) : node;
    return isMap(target) ? target : undefined;
  };
  const pairs = readPairs(top, WALKTHROUGH_KEYS, source, nodeRange, resolveAlias, resolveMap, (range, key) =>
    report(range, 'warning', 'unknown-key', t('Unknown key `{0}` (expected one of: {1}).', key, WALKTHROUGH_KEYS.join(', '))),
  );
  spec.spans = pairs.spans;
  const read = scalarReader(pairs, (range, message) => report(range, 'error', 'invalid-type', message));

  const title = read.string('title', true);
  if (title !== undefined && title.trim() !== '') spec.title = title;
  else if (!pairs.values.title) report(keyRangeOrStart(top, nodeRange), 'error', 'missing-key', t('Missing required key `title`.'));
  else if (title !== undefined || isNull(pairs.values.title)) report(pairs.spans.title?.key ?? pairs.merged.title!, 'error', 'missing-key', t('`title` is empty: give the walkthrough a title.'));
  const id = read.string('id', true);
  if (id !== undefined) spec.id = id;
  assign(spec, 'description', read.string('description'));
  assign(spec, 'root', read.string('root'));
  assign(spec, 'memo', read.string('memo'));
  assign(spec, 'next', read.string('next', true));
  spec.primary = read.boolean('primary') ?? false;
  spec.practice = read.boolean('practice') ?? true;
  assign(spec, 'convertedFrom', read.string('convertedFrom'));

  const stepsNode = pairs.values.steps;
  if (!stepsNode) {
    report(keyRangeOrStart(top, nodeRange), 'error', 'missing-key', t('Missing required key `steps` (a list of steps).'));
  } else if (!isSeq(stepsNode)) {
    if (!isNull(stepsNode)) report(nodeRange(stepsNode), 'error', 'invalid-type', t('`steps` must be a list of steps.'));
    else report(pairs.spans.steps?.key ?? pairs.merged.steps!, 'error', 'empty-steps', t('`steps` is empty: a walkthrough needs at least one step.'));
  } else if (stepsNode.items.length === 0) {
    report(nodeRange(stepsNode), 'error', 'empty-steps', t('`steps` is empty: a walkthrough needs at least one step.'));
  } else {
    stepsNode.items.forEach((item, index) => {
      spec.steps.push(parseStep(item as Node, index, source, nodeRange, resolveAlias, resolveMap, report));
    });
  }

  const seen = new Map<string, StepSpec>();
  for (const step of spec.steps) {
    const previous = seen.get(step.id);
    if (previous) {
      const where = step.spans.id?.value ?? step.range;
      report(where, 'error', 'duplicate-step-id', t('Duplicate step id `{0}` (also step {1}).', step.id, previous.index + 1), step.index);
    } else {
      seen.set(step.id, step);
    }
  }
  source.trim();
  return spec;
}

type Reporter = (range: Range, severity: Severity, code: DiagnosticCode, message: string, stepIndex?: number) => void;
/** An alias (`*name`) of a scalar → that scalar; any other node as it is. */
type ResolveAlias = (node: Node) => Node;
/** An alias of a mapping, or a mapping → that mapping; undefined otherwise. */
type ResolveMap = (node: Node) => YAMLMap | undefined;

function parseStep(node: Node, index: number, source: SourceText, nodeRange: (node: Node | null | undefined) => Range, resolveAlias: ResolveAlias, resolveMap: ResolveMap, report: Reporter): StepSpec {
  const step: StepSpec = { index, id: String(index + 1), range: nodeRange(node), spans: {} };
  if (!isMap(node)) {
    step.malformed = t('A step must be a mapping (e.g. `file`, `lines`, `anchor`, `section`).');
    report(step.range, 'error', 'invalid-type', t('Step {0}: {1}', index + 1, step.malformed), index);
    return step;
  }
  const pairs = readPairs(node, STEP_KEYS, source, nodeRange, resolveAlias, resolveMap, (range, key) =>
    report(range, 'warning', 'unknown-key', t('Unknown step key `{0}` (expected one of: {1}).', key, STEP_KEYS.join(', ')), index),
  );
  step.spans = pairs.spans;
  const read = scalarReader(pairs, (range, message) => {
    step.malformed ??= message;
    report(range, 'error', 'invalid-type', message, index);
  });
  const id = read.string('id', true);
  if (id !== undefined) step.id = id;
  assign(step, 'title', read.string('title', true));
  assign(step, 'file', read.string('file'));
  assign(step, 'anchor', read.string('anchor'));
  assign(step, 'symbol', read.string('symbol'));
  assign(step, 'section', read.string('section', true));
  assign(step, 'memo', read.string('memo'));
  assign(step, 'points', read.string('points', true));
  assign(step, 'question', read.string('question', true));

  const linesNode = pairs.values.lines;
  if (linesNode && !isNull(linesNode)) {
    const value = isScalar(linesNode) ? linesNode.value : undefined;
    const parsed = parseLines(value);
    if (typeof parsed === 'string') {
      step.malformed = parsed;
      report(pairs.spans.lines?.value ?? pairs.merged.lines!, 'error', 'invalid-lines', parsed, index);
    } else {
      step.lines = parsed;
    }
    const written = pairs.written.lines;
    if (isAlias(written)) step.linesNotEditable = t('its `lines` is a YAML alias (`*{0}`); rewriting it would change the value it shares', written.source);
    else if (written && written.anchor) step.linesNotEditable = t('its `lines` carries a YAML anchor (`&{0}`) that other values may share', written.anchor);
    else if (isScalar(written) && (written.type === 'BLOCK_LITERAL' || written.type === 'BLOCK_FOLDED')) step.linesNotEditable = t('its `lines` is a block scalar; write it as `lines: 12-15` to let it be updated');
  }
  if (step.file === undefined && (step.lines || step.anchor !== undefined || step.symbol !== undefined)) {
    const where = step.spans.lines?.key ?? step.spans.anchor?.key ?? step.spans.symbol?.key ?? pairs.merged.lines ?? pairs.merged.anchor ?? pairs.merged.symbol ?? step.range;
    step.malformed = t('The step has `lines`, `anchor` or `symbol` but no `file`.');
    report(where, 'error', 'missing-key', t('Step {0}: {1}', index + 1, step.malformed), index);
  }
  if (step.file === undefined && step.section === undefined && step.points === undefined && !step.malformed) {
    step.malformed = t('The step has nothing to show: give it a `file`, a `section` or `points`.');
    report(step.range, 'error', 'empty-step', t('Step {0}: {1}', index + 1, step.malformed), index);
  }
  return step;
}

/** `74`, `"74"`, `"74-78"` → 0-based inclusive span; an error message otherwise. */
export function parseLines(value: unknown): LineSpan | string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  const usage = t('`lines` must be a line number or a range like `74-78` (1-based, inclusive).');
  if (text === undefined) return usage;
  const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(text);
  if (!match) return usage;
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  if (start < 1) return t('`lines` starts at line 1.');
  if (end < start) return t('`lines` is reversed: {0}-{1} ends before it starts.', start, end);
  return { start: start - 1, end: end - 1 };
}

export function formatLines(span: LineSpan): string {
  return span.start === span.end ? `${span.start + 1}` : `${span.start + 1}-${span.end + 1}`;
}

function readPairs<K extends string>(
  map: YAMLMap,
  known: readonly K[],
  source: SourceText,
  nodeRange: (node: Node | null | undefined) => Range,
  resolveAlias: ResolveAlias,
  resolveMap: ResolveMap,
  unknown: (range: Range, key: string) => void,
): { values: Partial<Record<K, Node>>; spans: Partial<Record<K, SourceSpan>>; written: Partial<Record<K, Node>>; merged: Partial<Record<K, Range>> } {
  const values: Partial<Record<K, Node>> = {};
  /** The value nodes as written (an alias stays an alias). */
  const written: Partial<Record<K, Node>> = {};
  /** Each key's offsets (a repeated key: its last value, at its first place). */
  const offsets = new Map<K, SpanOffsets>();
  const merges: Node[] = [];
  /** Where a merged key comes from (the `<<` value): where a problem with its value is reported. */
  const merged: Partial<Record<K, Range>> = {};
  for (const pair of map.items as Pair<Node, Node>[]) {
    const keyNode = pair.key;
    const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
    const keyRange = nodeRange(keyNode);
    if (key === MERGE_KEY && pair.value) {
      merges.push(pair.value);
      continue;
    }
    if (key === undefined || !(known as readonly string[]).includes(key)) {
      unknown(keyRange, key ?? t('(complex key)'));
      continue;
    }
    // The span stays the alias's own text: that is where a problem with the value is reported.
    values[key as K] = pair.value ? resolveAlias(pair.value) : undefined;
    if (pair.value) written[key as K] = pair.value;
    const [keyStart, keyEnd] = offsetsOf(keyNode);
    const [valueStart, valueEnd] = pair.value ? offsetsOf(pair.value) : [keyStart, keyEnd];
    offsets.set(key as K, [keyStart, keyEnd, valueStart, valueEnd]);
  }
  // YAML merge keys (`<<: *base`, `<<: [*a, *b]`): keys written in the mapping win, then the
  // merged mappings in order. A merged value has no span of its own, so nothing rewrites it in
  // place (that would change the shared mapping): an edit adds the key to this mapping instead.
  for (const node of merges) {
    for (const source of mergeSources(node, resolveMap)) {
      for (const pair of source.items as Pair<Node, Node>[]) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined || !(known as readonly string[]).includes(key) || key in values) continue;
        values[key as K] = pair.value ? resolveAlias(pair.value) : undefined;
        merged[key as K] = nodeRange(node);
      }
    }
  }
  return { values, spans: compactSpans(source, [...offsets]), written, merged };
}

/** A node's start and end offsets (0, 0 without a place, as `nodeRange`). */
function offsetsOf(node: Node | null | undefined): [number, number] {
  return node?.range ? [node.range[0], node.range[1]] : [0, 0];
}

/** The key of YAML merges. */
const MERGE_KEY = '<<';

/** The mappings a merge value names: one alias or mapping, or a list of them; anything else merges nothing. */
function mergeSources(node: Node, resolveMap: (node: Node) => YAMLMap | undefined): YAMLMap[] {
  if (isSeq(node)) return node.items.flatMap((item) => (item ? [resolveMap(item as Node)].filter((m): m is YAMLMap => m !== undefined) : []));
  const map = resolveMap(node);
  return map ? [map] : [];
}

/** Reads scalar values; a wrong type is reported at the value as written (an alias, not its target). */
function scalarReader<K extends string>(
  { values, spans, merged }: { values: Partial<Record<K, Node>>; spans: Partial<Record<K, SourceSpan>>; merged: Partial<Record<K, Range>> },
  invalid: (range: Range, message: string) => void,
) {
  return {
    string(key: K, allowNumber = false): string | undefined {
      const node = values[key];
      if (!node || isNull(node)) return undefined;
      if (isScalar(node) && typeof node.value === 'string') return node.value;
      if (allowNumber && isScalar(node) && typeof node.value === 'number') return String(node.value);
      invalid(spans[key]?.value ?? merged[key]!, allowNumber ? t('`{0}` must be text or a number.', key) : t('`{0}` must be text.', key));
      return undefined;
    },
    boolean(key: K): boolean | undefined {
      const node = values[key];
      if (!node || isNull(node)) return undefined;
      if (isScalar(node) && typeof node.value === 'boolean') return node.value;
      invalid(spans[key]?.value ?? merged[key]!, t('`{0}` must be true or false.', key));
      return undefined;
    },
  };
}

function isNull(node: Node): boolean {
  return isScalar(node) && node.value === null;
}

function keyRangeOrStart(map: YAMLMap, nodeRange: (node: Node | null | undefined) => Range): Range {
  const first = (map.items[0] as Pair<Node, Node> | undefined)?.key;
  const range = nodeRange(first ?? map);
  return { start: range.start, end: range.start };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
