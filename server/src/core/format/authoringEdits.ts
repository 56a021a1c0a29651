/**
 * Authoring edits on walkthrough YAML: add, insert, delete and move steps (also between files),
 * set or remove one key of a step or of the walkthrough, and render a new walkthrough file.
 *
 * Every function maps the current text to the new text; `minimalEdit` then turns the pair into
 * one LSP text edit that covers only what changed. Everything the user wrote outside the edited
 * step or key stays byte for byte: comments, blank lines, quoting, key order, CRLF line ends
 * and a BOM. Steps move as whole lines (with the comment lines right above them); keys are
 * replaced or inserted as their own lines, their values rendered by the yaml library so that
 * quoting and block scalars are always valid YAML. A result that would not parse is refused.
 */
import { t } from '../l10n';
import { Document, isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Range } from '../types';
import { lineStarts } from '../text';
import { STEP_KEYS, WALKTHROUGH_KEYS, type StepKey, type WalkthroughKey } from './parseWalkthrough';
import type { TextEdit } from './stepEdits';

export type EditResult = { ok: true; text: string } | { ok: false; error: string };

/** Values of a new step, in the order they are written. Absent keys are not written. */
export type StepDraft = Partial<Record<StepKey, string>>;

/** `null` removes the key. */
export type KeyChanges<K extends string> = Partial<Record<K, string | boolean | null>>;

/** The messages a refused edit explains itself with (one place, for localization). */
export const EDIT_ERRORS = {
  get syntax() { return t('The walkthrough YAML has syntax errors; fix them before editing it from the tree.'); },
  get notMapping() { return t('The walkthrough file is not a mapping with `title` and `steps`.'); },
  get noSteps() { return t('The walkthrough has no block list of `steps` to edit.'); },
  get flowSteps() { return t('`steps` is written in flow style (`[ … ]`); only block lists (`- …`) can be edited.'); },
  noStep: (index: number) => t('The walkthrough has no step {0}.', index + 1),
  stepNotMapping: (index: number) => t('Step {0} is not a block mapping; edit it by hand.', index + 1),
  get lastStep() { return t('A walkthrough needs at least one step: delete the walkthrough instead.'); },
  get emptyStep() { return t('The step would have no keys left.'); },
  get broken() { return t('The edit would break the YAML; nothing was changed.'); },
  get shared() { return t('The edit would change other steps that share values through YAML anchors and aliases (`&name`, `*name`, `<<`); nothing was changed. Edit the file by hand.'); },
} as const;

/** The order keys are written in, and where a missing key is inserted. */
const STEP_ORDER: readonly StepKey[] = ['id', 'title', 'file', 'lines', 'anchor', 'symbol', 'section', 'memo', 'question', 'points'];
const WALKTHROUGH_ORDER: readonly WalkthroughKey[] = WALKTHROUGH_KEYS;
void STEP_KEYS;

// ---------------------------------------------------------------------------------------------
// Line ends and BOM: work on LF text without BOM, give back the original conventions.

interface Normalized {
  text: string;
  bom: string;
  crlf: boolean;
}

function normalize(text: string): Normalized {
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = bom ? text.slice(1) : text;
  return { text: body.replace(/\r\n/g, '\n'), bom, crlf: body.includes('\r\n') };
}

function denormalize(n: Normalized, text: string): string {
  return n.bom + (n.crlf ? text.replace(/\n/g, '\r\n') : text);
}

/**
 * What an edit means to change, so that `transform` can check it changed nothing else: YAML
 * anchors, aliases and merge keys share values between steps, and a line edit that is right for
 * one step can silently change or break another.
 */
type Intent =
  | { kind: 'insert'; index: number; step?: unknown }
  | { kind: 'delete'; index: number }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'stepKeys'; index: number; keys: readonly string[] }
  | { kind: 'walkthroughKeys'; keys: readonly string[] };

/** Runs `edit` on the LF form of `text` and checks the result still parses and means what `intent` says. */
function transform(text: string, intent: Intent, edit: (lf: string) => EditResult): EditResult {
  const n = normalize(text);
  const result = edit(n.text);
  if (!result.ok) return result;
  if (parseDocument(result.text).errors.length > 0) return { ok: false, error: EDIT_ERRORS.broken };
  if (result.text !== n.text && !keepsTheRest(n.text, result.text, intent)) return { ok: false, error: EDIT_ERRORS.shared };
  return { ok: true, text: denormalize(n, result.text) };
}

/** The document's value with every alias and merge key resolved; undefined when an alias does not resolve. */
function resolvedValue(lf: string): { top: Record<string, unknown>; steps: unknown[] } | undefined {
  try {
    const value: unknown = parseDocument(lf, { merge: true }).toJS({ maxAliasCount: 10_000 });
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const { steps, ...top } = value as Record<string, unknown>;
    return { top, steps: Array.isArray(steps) ? steps : [] };
  } catch {
    return undefined;
  }
}

/** JSON with mapping keys sorted: equal exactly when the values are. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function without(value: unknown, keys: readonly string[]): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/** Whether `after` differs from `before` only where `intent` says (values resolved through aliases and merges). */
function keepsTheRest(before: string, after: string, intent: Intent): boolean {
  const old = resolvedValue(before);
  // A document whose aliases did not resolve before is not made worse by an edit that parses.
  if (!old) return true;
  const now = resolvedValue(after);
  if (!now) return false;
  const changedTop = intent.kind === 'walkthroughKeys' ? intent.keys : [];
  if (canonical(without(old.top, changedTop)) !== canonical(without(now.top, changedTop))) return false;
  let expected: unknown[] = old.steps;
  let actual: unknown[] = now.steps;
  switch (intent.kind) {
    case 'insert': {
      const at = Math.min(Math.max(intent.index, 0), old.steps.length);
      if (intent.step !== undefined && canonical(now.steps[at]) !== canonical(intent.step)) return false;
      actual = now.steps.filter((_, i) => i !== at);
      break;
    }
    case 'delete':
      expected = old.steps.filter((_, i) => i !== intent.index);
      break;
    case 'move': {
      const order = old.steps.map((_, i) => i);
      order.splice(intent.from, 1);
      order.splice(Math.min(Math.max(intent.to, 0), old.steps.length - 1), 0, intent.from);
      expected = order.map((i) => old.steps[i]);
      break;
    }
    case 'stepKeys':
      expected = old.steps.map((step, i) => (i === intent.index ? without(step, intent.keys) : step));
      actual = now.steps.map((step, i) => (i === intent.index ? without(step, intent.keys) : step));
      break;
    case 'walkthroughKeys':
      break;
  }
  return canonical(expected) === canonical(actual);
}

// ---------------------------------------------------------------------------------------------
// Where the steps are.

interface StepBlock {
  /** First line (comment lines right above the dash belong to the step). */
  start: number;
  /** The dash's line. */
  dash: number;
  /** Last non-blank line of the step. */
  end: number;
}

interface Layout {
  doc: Document.Parsed;
  lines: string[];
  top: YAMLMap;
  seq: YAMLSeq;
  /** Column of the steps' dashes. */
  dashIndent: number;
  blocks: StepBlock[];
}

function parse(lf: string): Document.Parsed {
  return parseDocument(lf, { keepSourceTokens: true, uniqueKeys: false });
}

function layoutOf(lf: string): Layout | string {
  const doc = parse(lf);
  if (doc.errors.length > 0) return EDIT_ERRORS.syntax;
  const top = doc.contents;
  if (!isMap(top)) return EDIT_ERRORS.notMapping;
  const seq = top.get('steps', true);
  if (!isSeq(seq)) return EDIT_ERRORS.noSteps;
  if (seq.flow) return EDIT_ERRORS.flowSteps;
  const lines = lf.split('\n');
  const counter = lineStarts(lf);
  const token = seq.srcToken;
  if (!token || token.type !== 'block-seq') return EDIT_ERRORS.noSteps;
  const dashes = token.items.map((item) => item.start.find((t) => t.type === 'seq-item-ind')?.offset ?? -1);
  if (dashes.some((offset) => offset < 0)) return EDIT_ERRORS.noSteps;
  const dashLines = dashes.map((offset) => lineOf(counter, offset));
  const dashIndent = dashes[0] === undefined ? 2 : dashes[0] - counter[dashLines[0]!]!;
  const blocks: StepBlock[] = dashLines.map((dash, i) => {
    let start = dash;
    const floor = i === 0 ? -1 : dashLines[i - 1]!;
    while (start - 1 > floor && isCommentAt(lines[start - 1]!, dashIndent)) start--;
    return { start, dash, end: dash };
  });
  // A step ends at its last non-blank line before the next step (or, for the last, at its value's end).
  blocks.forEach((block, i) => {
    let end: number;
    if (i + 1 < blocks.length) end = blocks[i + 1]!.start - 1;
    else {
      const item = seq.items[i] as Node | null;
      const valueEnd = item && 'range' in item && item.range ? item.range[1] : dashes[i]! + 1;
      end = lineOf(counter, Math.max(dashes[i]!, valueEnd - 1));
      // Deeper-indented lines right after (a trailing comment) still belong to the step.
      while (end + 1 < lines.length && lines[end + 1]!.trim() !== '' && indentOf(lines[end + 1]!) > dashIndent) end++;
    }
    while (end > block.dash && lines[end]!.trim() === '') end--;
    block.end = end;
  });
  return { doc, lines, top, seq, dashIndent, blocks };
}

function isCommentAt(line: string, indent: number): boolean {
  return line.trimStart().startsWith('#') && indentOf(line) === indent;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function lineOf(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Blank lines between step `i` and the next. */
function gapAfter(layout: Layout, i: number): number {
  const next = layout.blocks[i + 1];
  return next ? next.start - layout.blocks[i]!.end - 1 : 0;
}

/** The blank lines used between steps in this file (what the first gap uses). */
function usualGap(layout: Layout): number {
  return layout.blocks.length > 1 ? gapAfter(layout, 0) : 0;
}

function stepLines(layout: Layout, i: number): string[] {
  const block = layout.blocks[i]!;
  return layout.lines.slice(block.start, block.end + 1);
}

function reindent(lines: string[], from: number, to: number): string[] {
  if (from === to) return lines;
  return lines.map((line) => {
    if (line.trim() === '') return line;
    if (to > from) return ' '.repeat(to - from) + line;
    return line.slice(Math.min(from - to, indentOf(line)));
  });
}

function splice(lines: string[], start: number, deleteCount: number, insert: string[]): string {
  const copy = [...lines];
  copy.splice(start, deleteCount, ...insert);
  return copy.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Rendering.

/** `key: value` lines for a map at column `indent` (the first line without its indent). */
function renderPairs(entries: Array<[string, string | boolean | number]>, indent: number): string[] {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) object[key] = value;
  const rendered = new Document(object).toString({ lineWidth: 0 }).replace(/\n$/, '');
  return rendered.split('\n').map((line, i) => (i === 0 || line === '' ? line : ' '.repeat(indent) + line));
}

/** Typed values: `lines: 74` as a number, everything else as text. */
function typedValue(key: string, value: string | boolean): string | boolean | number {
  if (key === 'lines' && typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (key === 'anchor' && typeof value === 'string') return anchorText(value);
  return value;
}

/** Anchor lines are compared trimmed: write them trimmed, without blank lines around. */
export function anchorText(text: string): string {
  const lines = text.split(/\r\n|\r|\n/).map((line) => line.trim());
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

function draftEntries(draft: StepDraft): Array<[string, string | boolean | number]> {
  return STEP_ORDER.filter((key) => draft[key] !== undefined && draft[key] !== '').map((key) => [key, typedValue(key, draft[key]!)]);
}

/** A new step as list-item lines with the dash at `dashIndent`. */
function renderStep(draft: StepDraft, dashIndent: number): string[] {
  const pad = ' '.repeat(dashIndent);
  return renderPairs(draftEntries(draft), dashIndent + 2).map((line, i) => (i === 0 ? `${pad}- ${line}` : line));
}

/** A new walkthrough file (LF; `eol` decides the line ends). */
export function renderWalkthrough(fields: { title: string; memo?: string; root?: string; practice?: false }, steps: StepDraft[], eol = '\n'): string {
  const head: Array<[string, string | boolean]> = [['title', fields.title]];
  if (fields.root) head.push(['root', fields.root]);
  if (fields.memo) head.push(['memo', fields.memo]);
  if (fields.practice === false) head.push(['practice', false]);
  const lines = renderPairs(head, 0);
  if (steps.length === 0) lines.push('steps: []');
  else {
    lines.push('steps:');
    for (const step of steps) lines.push(...renderStep(step, 2));
  }
  return `${lines.join(eol)}${eol}`;
}

// ---------------------------------------------------------------------------------------------
// Step list edits.

/** Inserts a new step so that it becomes step `index` (0-based; the end when past it). */
export function insertStep(text: string, index: number, draft: StepDraft): EditResult {
  return transform(text, { kind: 'insert', index }, (lf) => {
    const layout = layoutOf(lf);
    if (typeof layout === 'string') return emptyStepsInsert(lf, draft) ?? { ok: false, error: layout };
    return { ok: true, text: insertLines(layout, Math.min(Math.max(index, 0), layout.blocks.length), renderStep(draft, layout.dashIndent)) };
  });
}

function insertLines(layout: Layout, index: number, block: string[]): string {
  const { blocks, lines } = layout;
  const gap = Array<string>(usualGap(layout)).fill('');
  if (index < blocks.length) return splice(lines, blocks[index]!.start, 0, [...block, ...gap]);
  return splice(lines, blocks[blocks.length - 1]!.end + 1, 0, [...gap, ...block]);
}

/** `steps:` with no items (`steps:` or `steps: []`): write the first step. */
function emptyStepsInsert(lf: string, draft: StepDraft): EditResult | undefined {
  const doc = parse(lf);
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  const pair = (doc.contents.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && p.key.value === 'steps');
  if (!pair || !isScalar(pair.key) || !pair.key.range) return undefined;
  const value = pair.value;
  const empty = value === null || (isScalar(value) && value.value === null) || (isSeq(value) && value.items.length === 0);
  if (!empty) return undefined;
  const starts = lineStarts(lf);
  const keyLine = lineOf(starts, pair.key.range[0]);
  const keyIndent = pair.key.range[0] - starts[keyLine]!;
  const valueEnd = value && 'range' in value && value.range ? value.range[1] : pair.key.range[1] + 1;
  const lastLine = lineOf(starts, Math.max(pair.key.range[1], valueEnd - 1));
  const lines = lf.split('\n');
  const comment = /\s#.*$/.exec(lines[lastLine]!.slice(valueEnd - starts[lastLine]!))?.[0] ?? '';
  const replacement = [`${' '.repeat(keyIndent)}steps:${comment}`, ...renderStep(draft, keyIndent + 2)];
  return { ok: true, text: splice(lines, keyLine, lastLine - keyLine + 1, replacement) };
}

/** Deletes step `index` with the comment lines above it. */
export function deleteStep(text: string, index: number): EditResult {
  return transform(text, { kind: 'delete', index }, (lf) => {
    const layout = layoutOf(lf);
    if (typeof layout === 'string') return { ok: false, error: layout };
    const { blocks, lines } = layout;
    if (!blocks[index]) return { ok: false, error: EDIT_ERRORS.noStep(index) };
    if (blocks.length === 1) return { ok: false, error: EDIT_ERRORS.lastStep };
    const block = blocks[index]!;
    if (index + 1 < blocks.length) return { ok: true, text: splice(lines, block.start, blocks[index + 1]!.start - block.start, []) };
    const previousEnd = blocks[index - 1]!.end;
    return { ok: true, text: splice(lines, previousEnd + 1, block.end - previousEnd, []) };
  });
}

/** Moves step `from` so that it becomes step `to` (both 0-based, in the same walkthrough). */
export function moveStep(text: string, from: number, to: number): EditResult {
  return transform(text, { kind: 'move', from, to }, (lf) => {
    const layout = layoutOf(lf);
    if (typeof layout === 'string') return { ok: false, error: layout };
    const { blocks, lines } = layout;
    if (!blocks[from]) return { ok: false, error: EDIT_ERRORS.noStep(from) };
    const target = Math.min(Math.max(to, 0), blocks.length - 1);
    if (target === from) return { ok: true, text: lf };
    // Steps change places; the blank lines between positions stay where they are.
    const order = blocks.map((_, i) => i);
    order.splice(from, 1);
    order.splice(target, 0, from);
    const low = Math.min(from, target);
    const high = Math.max(from, target);
    const rebuilt: string[] = [];
    for (let position = low; position <= high; position++) {
      rebuilt.push(...stepLines(layout, order[position]!));
      if (position < high) rebuilt.push(...Array<string>(gapAfter(layout, position)).fill(''));
    }
    const start = blocks[low]!.start;
    return { ok: true, text: splice(lines, start, blocks[high]!.end - start + 1, rebuilt) };
  });
}

/** The step's lines, re-indented for another file: what a move across walkthroughs carries. */
export function extractStep(text: string, index: number): { ok: true; lines: string[]; dashIndent: number; value?: unknown } | { ok: false; error: string } {
  const lf = normalize(text).text;
  const layout = layoutOf(lf);
  if (typeof layout === 'string') return { ok: false, error: layout };
  if (!layout.blocks[index]) return { ok: false, error: EDIT_ERRORS.noStep(index) };
  // What the step means here (aliases resolved): the other walkthrough must read the same.
  const value = resolvedValue(lf)?.steps[index];
  return { ok: true, lines: stepLines(layout, index), dashIndent: layout.dashIndent, ...(value === undefined ? {} : { value }) };
}

/** Inserts lines taken by `extractStep` from another walkthrough as step `index`. */
export function insertStepLines(text: string, index: number, moved: { lines: string[]; dashIndent: number; value?: unknown }): EditResult {
  return transform(text, { kind: 'insert', index, step: moved.value }, (lf) => {
    const layout = layoutOf(lf);
    if (typeof layout === 'string') return { ok: false, error: layout };
    const lines = reindent(moved.lines, moved.dashIndent, layout.dashIndent);
    return { ok: true, text: insertLines(layout, Math.min(Math.max(index, 0), layout.blocks.length), lines) };
  });
}

// ---------------------------------------------------------------------------------------------
// Key edits.

/** Sets or removes keys of step `index`, one after another. */
export function setStepKeys(text: string, index: number, changes: KeyChanges<StepKey>): EditResult {
  return transform(text, { kind: 'stepKeys', index, keys: Object.keys(changes) }, (lf) => {
    let current = lf;
    for (const key of STEP_ORDER) {
      if (!(key in changes)) continue;
      const layout = layoutOf(current);
      if (typeof layout === 'string') return { ok: false, error: layout };
      const item = layout.seq.items[index];
      if (!layout.blocks[index]) return { ok: false, error: EDIT_ERRORS.noStep(index) };
      if (!isMap(item) || item.flow) return { ok: false, error: EDIT_ERRORS.stepNotMapping(index) };
      const result = setKey(current, item, key, changes[key]!, STEP_ORDER);
      if (!result.ok) return result;
      current = result.text;
    }
    return { ok: true, text: current };
  });
}

/** Sets or removes top-level keys of the walkthrough (`title`, `primary`, …). */
export function setWalkthroughKeys(text: string, changes: KeyChanges<WalkthroughKey>): EditResult {
  return transform(text, { kind: 'walkthroughKeys', keys: Object.keys(changes) }, (lf) => {
    let current = lf;
    for (const key of WALKTHROUGH_ORDER) {
      if (!(key in changes) || key === 'steps') continue;
      const doc = parse(current);
      if (doc.errors.length > 0) return { ok: false, error: EDIT_ERRORS.syntax };
      if (!isMap(doc.contents) || doc.contents.flow) return { ok: false, error: EDIT_ERRORS.notMapping };
      const result = setKey(current, doc.contents, key, changes[key]!, WALKTHROUGH_ORDER);
      if (!result.ok) return result;
      current = result.text;
    }
    return { ok: true, text: current };
  });
}

function setKey(lf: string, map: YAMLMap, key: string, value: string | boolean | null, order: readonly string[]): EditResult {
  const starts = lineStarts(lf);
  const lines = lf.split('\n');
  const pairs = map.items as Pair<Node, Node | null>[];
  const keyName = (p: Pair<Node, Node | null>) => (isScalar(p.key) ? String(p.key.value) : undefined);
  const index = pairs.findIndex((p) => keyName(p) === key);
  const first = pairs[0]?.key;
  if (!first?.range) return { ok: false, error: EDIT_ERRORS.emptyStep };
  const indent = first.range[0] - starts[lineOf(starts, first.range[0])]!;
  const pairEnd = (p: Pair<Node, Node | null>): number => {
    const node = p.value ?? p.key;
    let end = node.range ? node.range[1] : p.key.range![1];
    while (end > p.key.range![0] && /\s/.test(lf[end - 1]!)) end--;
    return end;
  };

  if (index >= 0) {
    const pair = pairs[index]!;
    const keyStart = pair.key.range![0];
    const end = pairEnd(pair);
    if (value === null) {
      if (pairs.length === 1) return { ok: false, error: EDIT_ERRORS.emptyStep };
      const keyLine = lineOf(starts, keyStart);
      const onItsOwnLine = lf.slice(starts[keyLine]!, keyStart).trim() === '';
      if (!onItsOwnLine) {
        // `- title: x` with the dash: the next key takes its place after the dash.
        const next = pairs[index + 1];
        if (!next) return { ok: false, error: EDIT_ERRORS.emptyStep };
        return { ok: true, text: lf.slice(0, keyStart) + lf.slice(next.key.range![0]) };
      }
      const endLine = lineOf(starts, Math.max(keyStart, end - 1));
      return { ok: true, text: splice(lines, keyLine, endLine - keyLine + 1, []) };
    }
    const rendered = renderPairs([[key, typedValue(key, value)]], indent).join('\n');
    return { ok: true, text: lf.slice(0, keyStart) + rendered + lf.slice(end) };
  }

  if (value === null) return { ok: true, text: lf };
  const rendered = renderPairs([[key, typedValue(key, value)]], indent).join('\n');
  const rank = order.indexOf(key);
  let after: Pair<Node, Node | null> | undefined;
  for (const pair of pairs) {
    const r = order.indexOf(keyName(pair) ?? '');
    if (r >= 0 && r < rank && keyName(pair) !== 'steps') after = pair;
  }
  if (!after) {
    // Before the first key (after the dash, for a step).
    return { ok: true, text: lf.slice(0, first.range[0]) + rendered + '\n' + ' '.repeat(indent) + lf.slice(first.range[0]) };
  }
  const endLine = lineOf(starts, Math.max(after.key.range![0], pairEnd(after) - 1));
  return { ok: true, text: splice(lines, endLine + 1, 0, [' '.repeat(indent) + rendered]) };
}

// ---------------------------------------------------------------------------------------------
// From texts to an edit.

/** The one edit that turns `before` into `after`: the changed middle, common prefix and suffix kept. */
export function minimalEdit(before: string, after: string): TextEdit | undefined {
  if (before === after) return undefined;
  let prefix = 0;
  const max = Math.min(before.length, after.length);
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  // Never split a CRLF or a surrogate pair.
  const splits = (text: string, at: number) => at > 0 && at < text.length && ((text[at - 1] === '\r' && text[at] === '\n') || (/[\uD800-\uDBFF]/.test(text[at - 1]!) && /[\uDC00-\uDFFF]/.test(text[at]!)));
  while (prefix > 0 && (splits(before, prefix) || splits(after, prefix))) prefix--;
  while (suffix > 0 && (splits(before, before.length - suffix) || splits(after, after.length - suffix))) suffix--;
  // The BOM is not part of an editor's text: positions count from after it.
  const bom = before.startsWith('\uFEFF') ? 1 : 0;
  const starts = lineStarts(before);
  const position = (offset: number) => {
    const line = lineOf(starts, offset);
    return { line, character: offset - starts[line]! - (line === 0 ? bom : 0) };
  };
  const range: Range = { start: position(Math.max(prefix, bom)), end: position(before.length - suffix) };
  return { range, newText: after.slice(Math.max(prefix, bom), after.length - suffix) };
}
