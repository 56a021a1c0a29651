/**
 * The imported walkthrough as YAML, through the yaml library's Document API: a new file, or an
 * existing one updated in place. On re-import a step of the file matches an imported one when it
 * cites the same section and file and its code is now at the same place; a matched step gets the
 * current `anchor`, `lines`, `symbol` and `file`, and keeps everything the user wrote (title,
 * question, points, id, comments). Steps that no longer come from the memo are kept.
 */
import { t } from '../l10n';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { resolveAnchor } from '../anchors/resolveAnchor';
import { formatLines, parseLines } from '../format/parseWalkthrough';
import type { LineSpan } from '../types';
import type { CodeIndex } from './codeIndex';
import type { ImportedStep } from './importMemo';

export interface WalkthroughHeader {
  title: string;
  root: string;
  memo: string;
  memoName: string;
  /** Written as `id` when set (the default id, the file name, is taken by another walkthrough). */
  id?: string;
}

function headerComment(memoName: string): string {
  return t(' Made by `walkthrough import` from {0}. Importing again updates anchor, lines and symbol\n and keeps your titles, questions and points.', memoName);
}

function block(text: string): Scalar {
  const scalar = new Scalar(text.endsWith('\n') ? text : `${text}\n`);
  scalar.type = Scalar.BLOCK_LITERAL;
  return scalar;
}

function stepNode(doc: Document, step: ImportedStep): YAMLMap {
  const node = doc.createNode({}) as YAMLMap;
  node.set('id', step.id);
  node.set('title', step.title);
  setLocation(node, step);
  if (step.section !== undefined) node.set('section', step.section);
  if (step.question !== undefined) node.set('question', step.question);
  return node;
}

/** Sets file, lines, anchor, symbol (in that order for new keys), removing the ones the step lacks. */
function setLocation(node: YAMLMap, step: ImportedStep): void {
  node.set('file', step.file);
  if (step.span) node.set('lines', step.span.start === step.span.end ? step.span.start + 1 : formatLines(step.span));
  else node.delete('lines');
  if (step.anchor !== undefined) node.set('anchor', block(step.anchor));
  else node.delete('anchor');
  if (step.symbol !== undefined) node.set('symbol', step.symbol);
  else node.delete('symbol');
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
  return doc.toString({ lineWidth: 0 });
}

export async function mergeWalkthroughYaml(
  existing: string,
  steps: readonly ImportedStep[],
  header: WalkthroughHeader,
  index: CodeIndex,
): Promise<{ yaml: string; counts: { updated: number; added: number; kept: number } } | { error: string }> {
  const doc = parseDocument(existing);
  if (doc.errors.length > 0) return { error: t('The existing walkthrough does not parse ({0}); it was not changed.', doc.errors[0]!.message.split('\n')[0]) };
  if (!isMap(doc.contents)) return { error: t('The existing walkthrough is not a YAML mapping; it was not changed.') };
  const root = doc.contents as unknown as YAMLMap<unknown, unknown>;
  if (!root.has('title')) root.set('title', header.title);
  if (!root.has('root')) root.set('root', header.root);
  if (!root.has('memo')) root.set('memo', header.memo);
  let seq: unknown = root.get('steps', true);
  if (!isSeq(seq)) {
    seq = new YAMLSeq();
    root.set('steps', seq);
  }
  const items = (seq as YAMLSeq<unknown>).items;

  // Where each existing step's code is now.
  const current: Array<{ node: YAMLMap; section?: string; file?: string; span?: LineSpan; matched: boolean }> = [];
  for (const item of items) {
    if (!isMap(item)) {
      current.push({ node: new YAMLMap(), matched: true });
      continue;
    }
    const text = (key: string) => {
      const value = item.get(key, true);
      return isScalar(value) && value.value !== null && value.value !== undefined ? String(value.value) : undefined;
    };
    const file = text('file');
    const section = text('section');
    let span: LineSpan | undefined;
    const code = file === undefined ? undefined : await index.read(file);
    const hint = text('lines') === undefined ? undefined : parseLines(text('lines')!);
    if (code) {
      const symbolName = text('symbol');
      const symbol = symbolName ? (await index.declarations(file!)).find((d) => d.name === symbolName) : undefined;
      const result = resolveAnchor({
        lines: code.lines,
        normalized: code.normalized,
        ...(hint && typeof hint === 'object' && 'start' in hint ? { hint: hint as LineSpan } : {}),
        ...(text('anchor') !== undefined ? { anchor: text('anchor')! } : {}),
        ...(symbol ? { symbolSpan: symbol.span } : {}),
      });
      if ('span' in result && text('anchor') === undefined && text('symbol') === undefined && hint === undefined) span = undefined;
      else if ('span' in result) span = result.span;
    }
    current.push({ node: item, ...(section !== undefined ? { section } : {}), ...(file !== undefined ? { file } : {}), ...(span ? { span } : {}), matched: false });
  }

  const ids = new Set(current.map((c) => c.node.get('id')).filter((id): id is string => typeof id === 'string'));
  let updated = 0;
  let added = 0;
  let insertAt = 0;
  for (const step of steps) {
    const candidates = current.filter((c) => !c.matched && c.file === step.file && c.section === step.section);
    const match =
      candidates.find((c) => sameStart(c.span, step.span)) ??
      candidates.find((c) => c.span && step.span && c.span.start <= step.span.end && step.span.start <= c.span.end);
    if (match) {
      match.matched = true;
      setLocation(match.node, step);
      updated++;
      insertAt = items.indexOf(match.node) + 1;
      continue;
    }
    let id = step.id;
    for (let n = 2; ids.has(id); n++) id = `${step.id}-${n}`;
    ids.add(id);
    const node = stepNode(doc, { ...step, id });
    items.splice(insertAt, 0, node);
    current.push({ node, matched: true });
    insertAt++;
    added++;
  }
  const kept = current.filter((c) => !c.matched).length;
  return { yaml: doc.toString({ lineWidth: 0 }), counts: { updated, added, kept } };
}

function sameStart(a: LineSpan | undefined, b: LineSpan | undefined): boolean {
  return a === undefined ? b === undefined : b !== undefined && a.start === b.start;
}
