/**
 * Reads a CodeTour `.tour` file (JSON) as a walkthrough: the same `WalkthroughSpec` the YAML
 * format produces, so CodeLens, hovers, the tree and the tour work on it unchanged.
 *
 * The mapping, with CodeTour's meaning:
 * - tour `title`, `description`, `isPrimary` → `primary`, `nextTour` (a tour title) → `next`;
 *   the tour's id is its title, because that is how CodeTour names the next tour. `ref` is kept
 *   and shown; steps resolve against the working tree (reported once, as information).
 * - step `file` (relative to the workspace folder) with `line` (1-based) → a line hint; else
 *   `selection` → its lines; else `pattern` → the line of its first match. CodeTour takes them in
 *   that order, and so do we.
 * - `description` → talking points; `title` → title, else the description's first heading.
 * - `directory`, `uri`, `view`, virtual `contents` and `commands` have no place in a walkthrough:
 *   such steps become content-only steps (their description), with an information diagnostic.
 *
 * CodeTour drops broken tours and steps silently; here each problem is a diagnostic with a range.
 * JSON is YAML 1.2, so the `yaml` parser reads the file with positions. Tours are often written as
 * JSON with comments (VS Code's flavour: `//`, `/* *\/`, trailing commas): the comments are blanked
 * out first (jsonc-parser's scanner finds them, strings respected), keeping every offset.
 */
import { t } from '../l10n';
import { createScanner } from 'jsonc-parser';
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { firstLine, lineStarts } from '../text';
import { basename } from '../../../../common/src/paths';
import type { DiagnosticCode, LineSpan, Range, Severity } from '../types';
import type { SourceSpan, StepKey, StepSpec, WalkthroughSpec } from '../format/parseWalkthrough';
import { checkPattern } from './findPattern';
import { firstHeading } from '../../../../common/src/markdownText';

import { TOUR_FILE } from '../../../../common/src/walkthroughFiles';

export { isCodeTourFile, TOUR_FILE } from '../../../../common/src/walkthroughFiles';

const TOUR_KEYS = ['$schema', 'title', 'description', 'steps', 'ref', 'isPrimary', 'nextTour', 'stepMarker', 'when'] as const;
const STEP_KEYS = ['title', 'description', 'icon', 'file', 'directory', 'contents', 'uri', 'view', 'line', 'selection', 'pattern', 'commands', 'markerTitle'] as const;
/** Keys CodeTour uses for features walkthroughs do not have; accepted, reported once as information. */
const IGNORED_TOUR_KEYS: Record<string, () => string> = {
  stepMarker: () => t('`stepMarker` (code comments as step markers) is not supported; steps use `line`, `selection` or `pattern`.'),
  when: () => t('`when` (conditional tours) is not supported: the tour is always shown.'),
};
const IGNORED_STEP_KEYS: Record<string, (() => string) | undefined> = {
  icon: undefined,
  markerTitle: undefined,
  commands: () => t('`commands` are not run: walkthroughs never execute commands from a tour file.'),
};
/** Step kinds besides `file`: each one makes a content-only step. */
const OTHER_KINDS = {
  directory: () => t('a directory'),
  uri: () => t('a URI'),
  view: () => t('a VS Code view'),
  contents: () => t('a virtual file (`contents`)'),
} as const;

/** jsonc-parser's `SyntaxKind` and `ScanError` values (const enums, which isolated modules cannot read). */
const EOF = 17;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const UNEXPECTED_END_OF_COMMENT = 1;

/**
 * The text with its JSON comments replaced by spaces (line breaks kept, so every offset and line
 * stays), and where an unterminated block comment starts, if one does.
 */
export function blankJsonComments(text: string): { text: string; unterminated?: number } {
  const scanner = createScanner(text, false);
  let out: string[] | undefined;
  let last = 0;
  let unterminated: number | undefined;
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    if (kind !== LINE_COMMENT && kind !== BLOCK_COMMENT) continue;
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    if (kind === BLOCK_COMMENT && scanner.getTokenError() === UNEXPECTED_END_OF_COMMENT) unterminated ??= start;
    (out ??= []).push(text.slice(last, start), text.slice(start, end).replace(/[^\r\n]/g, ' '));
    last = end;
  }
  if (!out) return { text };
  out.push(text.slice(last));
  return { text: out.join(''), ...(unterminated === undefined ? {} : { unterminated }) };
}

export function parseTour(file: string, text: string): WalkthroughSpec {
  const json = blankJsonComments(text);
  const doc = parseDocument(json.text, { prettyErrors: false, uniqueKeys: true });
  // Positions from the text's own line starts: the parser's line counter knows only the lines it
  // lexed, and placed an error past the end of its line when parsing stopped early.
  const starts = lineStarts(text);
  const position = (offset: number) => {
    const at = Math.max(0, Math.min(offset, text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= at) low = mid;
      else high = mid - 1;
    }
    // An offset inside a line break (between CR and LF) is the end of its line.
    let end = low + 1 < starts.length ? starts[low + 1]! : text.length;
    while (end > starts[low]! && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
    return { line: low, character: Math.min(at, end) - starts[low]! };
  };
  const toRange = (start: number, end: number): Range => ({ start: position(start), end: position(end) });
  const nodeRange = (node: Node | null | undefined): Range => (node?.range ? toRange(node.range[0], node.range[1]) : toRange(0, 0));
  const fallbackId = basename(file).replace(TOUR_FILE, '');
  const spec: WalkthroughSpec = {
    file,
    id: fallbackId,
    title: fallbackId,
    primary: false,
    practice: true,
    format: 'codetour',
    steps: [],
    spans: {},
    range: toRange(0, text.length),
    diagnostics: [],
  };
  const report = (range: Range, severity: Severity, code: DiagnosticCode, message: string, stepIndex?: number): void => {
    spec.diagnostics.push({ file, range, severity, code, message, ...(stepIndex === undefined ? {} : { stepIndex }) });
  };
  if (json.unterminated !== undefined) {
    report(toRange(json.unterminated, json.unterminated + 2), 'error', 'yaml-syntax', t('JSON syntax error: {0}', t('this comment is never closed with `*/`.')));
  }
  for (const error of doc.errors) {
    report(toRange(error.pos[0], Math.max(error.pos[1], error.pos[0] + 1)), 'error', 'yaml-syntax', t('JSON syntax error: {0}', firstLine(error.message).trim()));
  }
  const top = doc.contents;
  if (!isMap(top)) {
    if (doc.errors.length === 0) report(top ? nodeRange(top as Node) : spec.range, 'error', 'invalid-type', t('A CodeTour tour must be a JSON object with `title` and `steps`.'));
    return spec;
  }

  const tour = readObject(top, TOUR_KEYS, nodeRange, (range, key) =>
    report(range, 'warning', 'unknown-key', t('Unknown tour key `{0}` (CodeTour knows: {1}).', key, TOUR_KEYS.filter((k) => k !== '$schema').join(', '))),
  );
  const spanOf = (key: string): SourceSpan | undefined => tour.spans[key];
  const str = (key: string, required = false): string | undefined => {
    const node = tour.values[key];
    if (!node) return undefined;
    if (isScalar(node) && typeof node.value === 'string') return node.value;
    if (!(isScalar(node) && node.value === null) || required) report(spanOf(key)!.value, 'error', 'invalid-type', t('`{0}` must be a string.', key));
    return undefined;
  };

  const title = str('title', true);
  if (title !== undefined && title.trim() !== '') {
    spec.title = title;
    spec.id = title;
    spec.spans.title = spanOf('title')!;
  } else if (!tour.values.title) {
    report(startOf(nodeRange(top)), 'error', 'missing-key', t('Missing required key `title`: CodeTour ignores a tour without one.'));
  } else if (title !== undefined) {
    report(spanOf('title')!.key, 'error', 'missing-key', t('`title` is empty: give the tour a title.'));
  }
  const description = str('description');
  if (description !== undefined) {
    spec.description = description;
    spec.spans.description = spanOf('description')!;
  }
  const ref = str('ref');
  if (ref !== undefined && ref.trim() !== '') {
    spec.ref = ref;
    spec.refRange = spanOf('ref')!.value;
    report(spanOf('ref')!.value, 'info', 'codetour-unsupported', t('This tour was recorded against `{0}`; its steps are shown on the files as they are now in the working tree.', ref));
  }
  const nextTour = str('nextTour');
  if (nextTour !== undefined && nextTour.trim() !== '') {
    spec.next = nextTour;
    spec.spans.next = spanOf('nextTour')!;
  }
  const primary = tour.values.isPrimary;
  if (primary) {
    if (isScalar(primary) && typeof primary.value === 'boolean') {
      spec.primary = primary.value;
      spec.spans.primary = spanOf('isPrimary')!;
    } else {
      report(spanOf('isPrimary')!.value, 'error', 'invalid-type', t('`isPrimary` must be true or false.'));
    }
  }
  for (const [key, message] of Object.entries(IGNORED_TOUR_KEYS)) {
    if (tour.values[key]) report(spanOf(key)!.key, 'info', 'codetour-unsupported', message());
  }

  const stepsNode = tour.values.steps;
  if (!stepsNode) {
    report(startOf(nodeRange(top)), 'error', 'missing-key', t('Missing required key `steps` (a list of steps).'));
  } else if (!isSeq(stepsNode)) {
    report(nodeRange(stepsNode), 'error', 'invalid-type', t('`steps` must be a list of steps.'));
  } else {
    spec.spans.steps = spanOf('steps')!;
    if (stepsNode.items.length === 0) report(nodeRange(stepsNode), 'error', 'empty-steps', t('`steps` is empty: a tour needs at least one step.'));
    stepsNode.items.forEach((item, index) => spec.steps.push(parseTourStep(item as Node, index, nodeRange, report)));
  }
  return spec;
}

type Reporter = (range: Range, severity: Severity, code: DiagnosticCode, message: string, stepIndex?: number) => void;

function parseTourStep(node: Node, index: number, nodeRange: (node: Node | null | undefined) => Range, report: Reporter): StepSpec {
  const step: StepSpec = { index, id: String(index + 1), range: nodeRange(node), spans: {}, codeTour: true };
  const n = index + 1;
  if (!isMap(node)) {
    step.malformed = t('A step must be a JSON object (with `file` and `description`, usually `line`).');
    report(step.range, 'error', 'invalid-type', t('Step {0}: {1}', n, step.malformed), index);
    return step;
  }
  const { values, spans } = readObject(node, STEP_KEYS, nodeRange, (range, key) =>
    report(range, 'warning', 'unknown-key', t('Unknown step key `{0}` (CodeTour knows: {1}).', key, STEP_KEYS.join(', ')), index),
  );
  const fail = (range: Range, code: DiagnosticCode, message: string) => {
    step.malformed ??= message;
    report(range, 'error', code, t('Step {0}: {1}', n, message), index);
  };
  const str = (key: string): string | undefined => {
    const value = values[key];
    if (!value || (isScalar(value) && value.value === null)) return undefined;
    if (isScalar(value) && typeof value.value === 'string') return value.value;
    fail(spans[key]!.value, 'invalid-type', t('`{0}` must be a string.', key));
    return undefined;
  };
  const keep = (key: StepKey | 'pattern', from: string) => {
    if (spans[from]) step.spans[key] = spans[from];
  };

  const title = str('title');
  if (title !== undefined && title.trim() !== '') {
    step.title = title;
    keep('title', 'title');
  }
  const description = str('description');
  if (description !== undefined && description.trim() !== '') {
    step.points = description;
    keep('points', 'description');
    // No title: the text's first heading names the step, as CodeTour's own step list does.
    step.title ??= firstHeading(description);
  } else if (!values.description) {
    report(startOf(step.range), 'warning', 'missing-key', t('Step {0} has no `description`: CodeTour shows nothing for it.', n), index);
  }
  for (const [key, message] of Object.entries(IGNORED_STEP_KEYS)) {
    if (values[key] && message) report(spans[key]!.key, 'info', 'codetour-unsupported', t('Step {0}: {1}', n, message()), index);
  }

  const fileValue = str('file');
  const otherKinds = (Object.keys(OTHER_KINDS) as Array<keyof typeof OTHER_KINDS>).filter((key) => values[key] !== undefined);
  if (otherKinds.length > 0) {
    // `contents` with `file` is CodeTour's virtual file; any other kind replaces the file.
    const kind = otherKinds[0]!;
    const label = OTHER_KINDS[kind]();
    if (otherKinds.length > 1 || (fileValue !== undefined && kind !== 'contents')) {
      report(spans[otherKinds[0]!]!.key, 'warning', 'codetour-unsupported', t('Step {0}: a step is one of `file`, `directory`, `uri`, `view` or `contents`; this one has several.', n), index);
    }
    const target = str(kind);
    report(spans[kind]!.key, 'info', 'codetour-unsupported', target && kind !== 'contents' ? t('Step {0} points at {1} (`{2}`): shown as a content-only step (its description).', n, label, oneLine(target)) : t('Step {0} points at {1}: shown as a content-only step (its description).', n, label), index);
    if (step.title === undefined && target && kind !== 'contents') step.title = oneLine(target);
    if (step.points === undefined && !step.malformed) fail(step.range, 'empty-step', t('has nothing to show: it needs a `description`.'));
    return step;
  }
  if (fileValue === undefined) {
    if (spans.line || spans.selection || spans.pattern) {
      const where = spans.line?.key ?? spans.selection?.key ?? spans.pattern!.key;
      fail(where, 'missing-key', t('has `line`, `selection` or `pattern` but no `file`.'));
    } else if (step.points === undefined && !step.malformed) {
      fail(step.range, 'empty-step', t('has nothing to show: give it a `file` or a `description`.'));
    }
    return step;
  }
  if (fileValue.trim() === '') {
    fail(spans.file!.value, 'invalid-type', t('`file` is empty.'));
    return step;
  }
  // CodeTour writes paths with forward slashes relative to the workspace folder; a leading `./` is fine.
  step.file = fileValue.replace(/\\/g, '/');
  keep('file', 'file');

  // CodeTour's order: `line`, then `selection`, then `pattern`.
  const selection = values.selection ? readSelection(values.selection) : undefined;
  if (values.selection && typeof selection === 'string') fail(spans.selection!.value, 'invalid-lines', selection);
  const lineNode = values.line;
  if (lineNode && !(isScalar(lineNode) && lineNode.value === null)) {
    const line = isScalar(lineNode) ? lineNode.value : undefined;
    if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) {
      fail(spans.line!.value, 'invalid-lines', t('`line` must be a whole number, 1 or more (1-based).'));
      return step;
    }
    // A recorded selection ends on `line`: keep its whole range; otherwise the line alone.
    step.lines = selection && typeof selection !== 'string' && selection.start <= line - 1 && line - 1 <= selection.end ? selection : { start: line - 1, end: line - 1 };
    keep('lines', 'line');
    return step;
  }
  if (selection && typeof selection !== 'string') {
    step.lines = selection;
    keep('lines', 'selection');
    return step;
  }
  const pattern = str('pattern');
  if (pattern !== undefined) {
    keep('pattern', 'pattern');
    const problem = checkPattern(pattern);
    if (problem) fail(spans.pattern!.value, 'invalid-pattern', problem);
    else step.pattern = pattern;
  }
  return step;
}

/** `{start:{line,character},end:{…}}`, 1-based → a 0-based line span; an error message otherwise. */
function readSelection(node: Node): LineSpan | string {
  const usage = t('`selection` must be {"start": {"line": N, "character": N}, "end": {"line": N, "character": N}} with 1-based lines.');
  if (!isMap(node)) return usage;
  const lineOf = (key: string): number | undefined => {
    const point = (node.items as Pair<Node, Node>[]).find((pair) => isScalar(pair.key) && pair.key.value === key)?.value;
    if (!point || !isMap(point)) return undefined;
    const line = (point.items as Pair<Node, Node>[]).find((pair) => isScalar(pair.key) && pair.key.value === 'line')?.value;
    return line && isScalar(line) && typeof line.value === 'number' && Number.isInteger(line.value) && line.value >= 1 ? line.value : undefined;
  };
  const start = lineOf('start');
  const end = lineOf('end');
  if (start === undefined || end === undefined) return usage;
  if (end < start) return t('`selection` is reversed: it ends on line {0}, before its start on line {1}.', end, start);
  return { start: start - 1, end: end - 1 };
}

function readObject(
  map: YAMLMap,
  known: readonly string[],
  nodeRange: (node: Node | null | undefined) => Range,
  unknown: (range: Range, key: string) => void,
): { values: Record<string, Node | undefined>; spans: Record<string, SourceSpan> } {
  const values: Record<string, Node | undefined> = {};
  const spans: Record<string, SourceSpan> = {};
  for (const pair of map.items as Pair<Node, Node>[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const keyRange = nodeRange(pair.key);
    if (key === undefined || !known.includes(key)) {
      unknown(keyRange, key ?? t('(complex key)'));
      continue;
    }
    values[key] = pair.value ?? undefined;
    spans[key] = { key: keyRange, value: pair.value ? nodeRange(pair.value) : keyRange };
  }
  return { values, spans };
}

function startOf(range: Range): Range {
  return { start: range.start, end: range.start };
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
