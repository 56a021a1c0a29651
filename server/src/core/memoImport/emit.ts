/**
 * The imported walkthrough as YAML, through the yaml library's Document API: a new file, or an
 * existing one updated in place. On re-import a step of the file matches an imported one when it
 * cites the same section and file and its code is now at the same place; a matched step gets the
 * current `anchor`, `lines`, `symbol` and `file`, and keeps everything the user wrote (title,
 * question, points, id, comments). Steps that no longer come from the memo are kept.
 */
import { t } from '../l10n';
import { Document, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, visit, YAMLMap, YAMLSeq } from 'yaml';
import { resolveAnchor } from '../anchors/resolveAnchor';
import { formatLines, parseLines } from '../format/parseWalkthrough';
import { firstLine } from '../text';
import type { LineSpan } from '../types';
import type { CodeIndex } from './codeIndex';
import type { ImportedStep } from './importMemo';
import { readRecord, STEP_REF, writeRecord } from './referenceKeys';

export interface WalkthroughHeader {
  title: string;
  root: string;
  memo: string;
  memoName: string;
  /** Written as `id` when set (the default id, the file name, is taken by another walkthrough). */
  id?: string;
}

function headerComment(memoName: string): string {
  return t(' Made by `walkthrough import` from {0}. Importing again updates anchor, lines and symbol\n and keeps your titles, questions and points. The `memo-ref` comments tell it which step came\n from which reference: keep them, and a step you delete stays deleted.', memoName);
}

function block(text: string): Scalar {
  const scalar = new Scalar(text.endsWith('\n') ? text : `${text}\n`);
  scalar.type = Scalar.BLOCK_LITERAL;
  return scalar;
}

function stepNode(doc: Document, step: ImportedStep): YAMLMap {
  const node = doc.createNode({}) as YAMLMap;
  node.set('id', new Scalar(step.id));
  if (step.refs?.[0]) markRef(node, step.refs[0]);
  node.set('title', step.title);
  setLocation(doc, node, step);
  if (step.section !== undefined) node.set('section', step.section);
  if (step.question !== undefined) node.set('question', step.question);
  return node;
}

/** Sets file, lines, anchor, symbol (in that order for new keys), removing the ones the step lacks. */
function setLocation(doc: Document, node: YAMLMap, step: ImportedStep): void {
  setValue(doc, node, 'file', step.file);
  setValue(doc, node, 'lines', step.span ? (step.span.start === step.span.end ? step.span.start + 1 : formatLines(step.span)) : undefined);
  setValue(doc, node, 'anchor', step.anchor === undefined ? undefined : block(step.anchor));
  setValue(doc, node, 'symbol', step.symbol);
}

/**
 * One key of a step. A value that is already right is left as written (an alias stays an alias,
 * a comment stays). A value carrying an anchor that other values use is replaced only after those
 * aliases are given the old value, so no other step changes.
 */
function setValue(doc: Document, node: YAMLMap, key: string, value: string | number | Scalar | undefined): void {
  const written = node.get(key, true);
  const now = resolved(doc, written);
  const wanted = value instanceof Scalar ? value.value : value;
  if (value !== undefined && isScalar(now) && now.value !== null && String(now.value).replace(/\n$/, '') === String(wanted).replace(/\n$/, '')) return;
  if (value === undefined && written === undefined) return;
  if (isScalar(written) && written.anchor) keepAliasesOf(doc, written);
  if (value === undefined) node.delete(key);
  else node.set(key, value instanceof Scalar ? value : new Scalar(value));
}

const hasAliases = new WeakMap<Document, boolean>();

/** Every alias of this node's anchor becomes a copy of its value (the node is about to be replaced). */
function keepAliasesOf(doc: Document, anchored: Scalar): void {
  // One look per document for any alias at all: most files have none, and the walk is the whole file.
  let any = hasAliases.get(doc);
  if (any === undefined) {
    any = false;
    visit(doc, {
      Alias() {
        any = true;
        return visit.BREAK;
      },
    });
    hasAliases.set(doc, any);
  }
  if (!any) return;
  visit(doc, {
    Alias(_, alias) {
      if (alias.source === anchored.anchor && alias.resolve(doc) === anchored) {
        const copy = new Scalar(anchored.value);
        copy.type = anchored.type;
        return copy;
      }
      return undefined;
    },
  });
}

export function renderWalkthroughYaml(steps: readonly ImportedStep[], header: WalkthroughHeader): string {
  const doc = new Document({});
  doc.commentBefore = headerComment(header.memoName);
  const root = doc.contents as YAMLMap;
  root.set('title', header.title);
  if (header.id !== undefined) root.set('id', header.id);
  root.set('root', header.root);
  root.set('memo', header.memo);
  const seq = new YAMLSeq();
  for (const step of steps) seq.items.push(stepNode(doc, step));
  root.set('steps', seq);
  doc.comment = writeRecord([], steps.flatMap((s) => s.refs ?? []));
  return doc.toString({ lineWidth: 0 });
}

export interface MergeCounts {
  updated: number;
  added: number;
  kept: number;
  /** Imported before, deleted by the user since, and not added again (only when some were). */
  deleted?: number;
}

/** Yields to other work now and then during a long merge (and may throw to cancel it). */
export type Checkpoint = () => Promise<void>;

interface ExistingStep {
  node: YAMLMap;
  ref?: string;
  file?: string;
  section?: string;
  span?: LineSpan;
  matched: boolean;
}

/**
 * Updates an existing walkthrough with the steps of a new import. Each imported step finds the
 * step it made last time by, in this order:
 * 1. its `memo-ref` key (a comment the import writes on each step's `id`): the user's edits to the
 *    step (title, question, points, lines) do not matter;
 * 2. the same file, section and first line of code (for files without keys);
 * then an imported reference whose key was in the file's list (`memo-refs`) but whose step is gone
 * was deleted by the user and is not added again; and only last, for what is left, a step of the
 * same file and section whose code overlaps (the largest overlap first, never a step some imported
 * step matched exactly). Everything else is added after the step the previous reference matched.
 */
export async function mergeWalkthroughYaml(
  existing: string,
  steps: readonly ImportedStep[],
  header: WalkthroughHeader,
  index: CodeIndex,
  checkpoint: Checkpoint = async () => undefined,
): Promise<{ yaml: string; counts: MergeCounts } | { error: string }> {
  // Written back as it came: byte order mark and line endings.
  const bom = existing.startsWith('\uFEFF');
  const body = bom ? existing.slice(1) : existing;
  const crlf = (body.match(/\r\n/g)?.length ?? 0) * 2 > (body.match(/\n/g)?.length ?? 0);
  const doc = parseDocument(body);
  const syntaxError = doc.errors[0];
  if (syntaxError) return { error: t('The existing walkthrough does not parse ({0}); it was not changed.', firstLine(syntaxError.message)) };
  const dangling = danglingAlias(doc);
  if (dangling !== undefined) return { error: t('The existing walkthrough uses the alias `*{0}`, which no anchor defines; it was not changed.', dangling) };
  if (!isMap(doc.contents)) return { error: t('The existing walkthrough is not a YAML mapping; it was not changed.') };
  const root = doc.contents as unknown as YAMLMap<unknown, unknown>;
  const stepsValue = root.get('steps', true);
  // A YAML file that is not a walkthrough (compose.yml, a config) is never written into.
  if (!root.has('steps') || (stepsValue !== null && stepsValue !== undefined && !isSeq(stepsValue) && !(isScalar(stepsValue) && stepsValue.value === null))) {
    return { error: t('The existing file is YAML but not a walkthrough (it has no `steps` list); it was not changed.') };
  }
  if (!root.has('title')) root.set('title', header.title);
  if (!root.has('root')) root.set('root', header.root);
  if (!root.has('memo')) root.set('memo', header.memo);
  let seq: unknown = stepsValue;
  if (!isSeq(seq)) {
    seq = new YAMLSeq();
    root.set('steps', seq);
  }
  const items = (seq as YAMLSeq<unknown>).items;
  const record = readRecord(doc.comment);

  // Where each existing step's code is now.
  const current: ExistingStep[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    await checkpoint();
    const item = items[i];
    if (!isMap(item)) continue;
    const text = (key: string) => {
      const value = resolved(doc, item.get(key, true));
      return isScalar(value) && value.value !== null && value.value !== undefined ? String(value.value) : undefined;
    };
    const id = text('id');
    if (id !== undefined) ids.add(id);
    const file = text('file');
    const section = text('section');
    const anchor = text('anchor');
    const symbolName = text('symbol');
    const lines = text('lines');
    let span: LineSpan | undefined;
    const code = file === undefined ? undefined : await index.read(file);
    const hint = lines === undefined ? undefined : parseLines(lines);
    if (code && (anchor !== undefined || symbolName !== undefined || hint !== undefined)) {
      const symbol = symbolName ? (await index.declarations(file!)).find((d) => d.name === symbolName) : undefined;
      const result = resolveAnchor({
        lines: code.lines,
        normalized: code.normalized,
        ...(hint && typeof hint === 'object' && 'start' in hint ? { hint: hint as LineSpan } : {}),
        ...(anchor !== undefined ? { anchor } : {}),
        ...(symbol ? { symbolSpan: symbol.span } : {}),
      });
      if ('span' in result) span = result.span;
    }
    const ref = refIn(item);
    current.push({ node: item, matched: false, ...(ref ? { ref } : {}), ...(section !== undefined ? { section } : {}), ...(file !== undefined ? { file } : {}), ...(span ? { span } : {}) });
  }

  const matches = new Array<ExistingStep | undefined>(steps.length);
  const take = (i: number, e: ExistingStep) => {
    e.matched = true;
    matches[i] = e;
  };
  // 1. By key.
  const byRef = new Map<string, ExistingStep>();
  for (const e of current) if (e.ref && !byRef.has(e.ref)) byRef.set(e.ref, e);
  steps.forEach((step, i) => {
    for (const ref of step.refs ?? []) {
      const e = byRef.get(ref);
      if (e && !e.matched) return take(i, e);
    }
  });
  // 2. By file, section and first line.
  const place = (file: string | undefined, section: string | undefined, span: LineSpan | undefined) => `${file}\u0000${section ?? ''}\u0000${span ? span.start : ''}`;
  const exact = new Map<string, ExistingStep[]>();
  for (const e of current) if (!e.matched) (exact.get(place(e.file, e.section, e.span)) ?? exact.set(place(e.file, e.section, e.span), []).get(place(e.file, e.section, e.span))!).push(e);
  steps.forEach((step, i) => {
    if (matches[i]) return;
    const e = exact.get(place(step.file, step.section, step.span))?.find((c) => !c.matched);
    if (e) take(i, e);
  });
  // 3. Deleted by the user: imported last time, and its step is gone.
  const deleted = new Set<number>();
  steps.forEach((step, i) => {
    if (!matches[i] && (step.refs ?? []).some((ref) => record.keys.has(ref))) deleted.add(i);
  });
  // 4. Overlap, largest first, among the steps nothing matched.
  const groups = new Map<string, ExistingStep[]>();
  for (const e of current) {
    if (e.matched || !e.span) continue;
    const key = `${e.file}\u0000${e.section ?? ''}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(e);
  }
  for (const group of groups.values()) group.sort((a, b) => a.span!.start - b.span!.start);
  const pairs: Array<{ i: number; e: ExistingStep; overlap: number }> = [];
  steps.forEach((step, i) => {
    if (matches[i] || deleted.has(i) || !step.span) return;
    const group = groups.get(`${step.file}\u0000${step.section ?? ''}`);
    if (!group) return;
    // The last candidates starting at or before the step's end (a bounded look, whatever the file holds).
    let hi = upperBound(group, step.span.end);
    for (let seen = 0; hi > 0 && seen < 16; seen++) {
      const e = group[--hi]!;
      const overlap = Math.min(e.span!.end, step.span.end) - Math.max(e.span!.start, step.span.start) + 1;
      if (overlap > 0) pairs.push({ i, e, overlap });
    }
  });
  pairs.sort((a, b) => b.overlap - a.overlap || a.i - b.i);
  for (const { i, e } of pairs) if (!matches[i] && !e.matched) take(i, e);

  // Updates in place; new steps after the step the previous reference matched, in memo order.
  const suffixes = new Map<string, number>();
  const freeId = (base: string) => {
    if (!ids.has(base)) return base;
    let n = suffixes.get(base) ?? 2;
    while (ids.has(`${base}-${n}`)) n++;
    suffixes.set(base, n + 1);
    return `${base}-${n}`;
  };
  const head: YAMLMap[] = [];
  const after = new Map<unknown, YAMLMap[]>();
  let anchorItem: unknown;
  let updated = 0;
  let added = 0;
  for (let i = 0; i < steps.length; i++) {
    await checkpoint();
    const step = steps[i]!;
    const match = matches[i];
    if (match) {
      setLocation(doc, match.node, step);
      if (!match.ref && step.refs?.[0]) markRef(match.node, step.refs[0]);
      updated++;
      anchorItem = match.node;
      continue;
    }
    if (deleted.has(i)) continue;
    const id = freeId(step.id);
    ids.add(id);
    const node = stepNode(doc, { ...step, id });
    if (anchorItem === undefined) head.push(node);
    else (after.get(anchorItem) ?? after.set(anchorItem, []).get(anchorItem)!).push(node);
    anchorItem = node;
    added++;
  }
  (seq as YAMLSeq<unknown>).items = chain(head, items, after);

  doc.comment = writeRecord(record.rest, steps.flatMap((s) => s.refs ?? []));
  let yaml: string;
  try {
    yaml = doc.toString({ lineWidth: 0 });
  } catch (error) {
    return { error: t('The existing walkthrough cannot be written back ({0}); it was not changed.', error instanceof Error ? firstLine(error.message) : String(error)) };
  }
  if (crlf) yaml = yaml.replace(/\r?\n/g, '\r\n');
  if (bom) yaml = `\uFEFF${yaml}`;
  const kept = current.filter((c) => !c.matched).length;
  return { yaml, counts: { updated, added, kept, ...(deleted.size > 0 ? { deleted: deleted.size } : {}) } };
}

/** The existing items with the new nodes after the item (or new node) they follow. */
function chain(head: readonly YAMLMap[], items: readonly unknown[], after: ReadonlyMap<unknown, YAMLMap[]>): unknown[] {
  const out: unknown[] = [];
  const emit = (item: unknown) => {
    out.push(item);
    for (const next of after.get(item) ?? []) emit(next);
  };
  for (const node of head) emit(node);
  for (const item of items) emit(item);
  return out;
}

/** Index of the first element whose span starts after `line` (the group is sorted by start). */
function upperBound(group: readonly ExistingStep[], line: number): number {
  let lo = 0;
  let hi = group.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (group[mid]!.span!.start <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** An alias's value (`file: *code`), anything else as it is. */
function resolved(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

/** The first alias whose anchor is not defined before it (the yaml library would throw when writing it). */
function danglingAlias(doc: Document): string | undefined {
  let found: string | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        found = node.source;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The `memo-ref` key in any comment of the step (on its `id`, where the import writes it, or elsewhere). */
function refIn(node: unknown): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const n = node as { comment?: string | null; commentBefore?: string | null; items?: unknown[]; key?: unknown; value?: unknown };
  for (const comment of [n.commentBefore, n.comment]) {
    const m = comment ? STEP_REF.exec(comment) : null;
    if (m) return m[1];
  }
  if (isPair(node)) return refIn(node.key) ?? refIn(node.value);
  if (Array.isArray(n.items)) {
    for (const item of n.items) {
      const found = refIn(item);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Writes the key on the step's `id`, else on its first one-line value: a comment at the end of a
 * line inside the step travels with it (one above a list item may be read as the list's own).
 */
function markRef(node: YAMLMap, ref: string): void {
  const text = ` memo-ref ${ref}`;
  const oneLine = (value: unknown): value is Scalar => isScalar(value) && !isAlias(value) && value.type !== Scalar.BLOCK_LITERAL && value.type !== Scalar.BLOCK_FOLDED;
  const id = node.get('id', true);
  const holder = oneLine(id) ? id : node.items.map((pair) => pair.value).find(oneLine);
  if (holder) holder.comment = holder.comment ? `${holder.comment};${text}` : text;
  else node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${text}` : text;
}
