/**
 * Review walkthroughs from changes: the author of a change walks reviewers through it in the order
 * of the diff, one step per declaration touched (not per hunk), each anchored on the new code with
 * its `symbol` and titled by the declaration; removed code becomes a content-only step quoting what
 * was removed. Re-running after more commits updates the generated steps in place (their code),
 * keeps whatever the author wrote (titles, points, questions, comments) and drops only generated
 * steps the change no longer touches and the author never wrote anything for.
 *
 * Pure: the diff, the files' current text and their declarations come in; YAML text goes out.
 */
import { t } from '../l10n';
import { deleteStep, insertStep, renderWalkthrough, setStepKeys, type EditResult, type StepDraft } from '../format/authoringEdits';
import { formatLines, parseWalkthrough } from '../format/parseWalkthrough';
import { basename, extname } from '../../../../common/src/paths';
import type { SymbolDecl } from '../symbols/types';
import { normalizeLine, splitLines } from '../text';
import type { FileChange } from './diff';

/** Ids of generated steps start with this: only such steps are ever updated or dropped. */
export const REVIEW_ID_PREFIX = 'review-';
/** Removed code quoted in a step, at most (the rest is counted). */
const MAX_QUOTED_LINES = 30;
/** An anchor grows to at most this many lines while it is not unique in its declaration. */
const MAX_ANCHOR_LINES = 3;

export interface ReviewSources {
  /** The file's current text (path relative to the walkthrough's root), undefined when unreadable. */
  read(path: string): Promise<string | undefined>;
  /** The file's declarations (undefined for a language without a grammar). */
  declarations(path: string, text: string): Promise<SymbolDecl[] | undefined>;
}

export interface ReviewStep extends StepDraft {
  id: string;
  title: string;
}

/** The steps of a review of `changes`, in the order of the diff. */
export async function reviewSteps(changes: readonly FileChange[], sources: ReviewSources): Promise<ReviewStep[]> {
  const steps: ReviewStep[] = [];
  const ids = new Set<string>();
  const uniqueId = (base: string): string => {
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    return id;
  };
  for (const change of changes) {
    if (change.binary) continue;
    if (change.status === 'deleted' || change.newPath === undefined) {
      const removed = change.hunks.flatMap((h) => h.removed);
      if (change.oldPath !== undefined && removed.length) {
        steps.push({ id: uniqueId(`${REVIEW_ID_PREFIX}removed-${slug(change.oldPath)}`), title: t('Deleted {0}', change.oldPath), points: quote(change.oldPath, removed, 1) });
      }
      continue;
    }
    const path = change.newPath;
    const text = await sources.read(path);
    if (text === undefined) continue;
    const lines = splitLines(text);
    const declarations = (await sources.declarations(path, text)) ?? [];
    // Group the changed lines by the innermost declaration around each; blank lines group nowhere.
    const groups = new Map<string, { symbol?: SymbolDecl; lines: number[]; order: number }>();
    /** Removed code, as steps, with their place in the diff among the groups. */
    const removals: Array<{ order: number; step: ReviewStep }> = [];
    let order = 0;
    for (const hunk of change.hunks) {
      if (hunk.newLines === 0) {
        if (hunk.removed.some((line) => line.trim() !== '')) {
          const around = innermost(declarations, Math.max(0, hunk.newStart - 1));
          const where = around ? t('{0} in {1}', around.name, path) : path;
          removals.push({ order: order++, step: { id: uniqueId(`${REVIEW_ID_PREFIX}removed-${slug(path)}-${hunk.oldStart}`), title: t('Removed from {0}', where), points: quote(path, hunk.removed, hunk.oldStart) } });
        }
        continue;
      }
      for (let line = hunk.newStart - 1; line < hunk.newStart - 1 + hunk.newLines && line < lines.length; line++) {
        if ((lines[line] ?? '').trim() === '') continue;
        const symbol = innermost(declarations, line);
        const key = symbol ? `${symbol.name}\u0000${symbol.span.start}` : '';
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { ...(symbol ? { symbol } : {}), lines: [], order: order++ }));
        group.lines.push(line);
      }
    }
    // Steps of this file in the order their first changed line appears in the diff.
    const items: Array<{ order: number; step: ReviewStep }> = [...removals];
    const outside = groups.get('');
    // Lines outside every declaration (package clauses, imports) only make a step of their own when
    // nothing else in the file changed, or when they hold more than such boilerplate.
    if (outside && groups.size > 1 && outside.lines.every((line) => BOILERPLATE.test(lines[line] ?? ''))) groups.delete('');
    for (const group of groups.values()) {
      const start = Math.min(...group.lines);
      const end = Math.max(...group.lines);
      const scope = group.symbol?.span ?? { start: 0, end: lines.length - 1 };
      const anchor = anchorAt(lines, start, scope);
      const name = group.symbol?.name;
      const step: ReviewStep = {
        id: uniqueId(`${REVIEW_ID_PREFIX}${slug(path)}${name ? `-${slug(name)}` : ''}`),
        title: name ?? basename(path),
        file: path,
        lines: formatLines({ start, end }),
        anchor,
      };
      if (name && declarations.filter((d) => d.name === name).length === 1) step.symbol = name;
      items.push({ order: group.order, step });
    }
    steps.push(...items.sort((a, b) => a.order - b.order).map((item) => item.step));
  }
  return steps;
}

/** A line that only names a package or imports (in the common languages), or only closes a bracket. */
const BOILERPLATE = /^\s*(?:(?:package|import|from|use|using|require|namespace|module|#\s*include|#\s*import)\b.*|["'][^"']*["'],?|[()[\]{};,]*)\s*$/;

/** The innermost declaration whose lines hold `line` (0-based). */
function innermost(declarations: readonly SymbolDecl[], line: number): SymbolDecl | undefined {
  let best: SymbolDecl | undefined;
  for (const d of declarations) {
    if (d.span.start <= line && line <= d.span.end && (!best || d.span.end - d.span.start < best.span.end - best.span.start)) best = d;
  }
  return best;
}

/** The changed line as an anchor, grown by the next lines while the block is not unique in its scope. */
function anchorAt(lines: readonly string[], start: number, scope: { start: number; end: number }): string {
  const normalized = lines.map(normalizeLine);
  let count = 1;
  const occurrences = (n: number) => {
    let found = 0;
    for (let i = scope.start; i + n - 1 <= scope.end; i++) if (normalized.slice(i, i + n).every((l, k) => l === normalized[start + k])) found++;
    return found;
  };
  while (count < MAX_ANCHOR_LINES && start + count < lines.length && occurrences(count) > 1) count++;
  return lines.slice(start, start + count).map((line) => line.trim()).join('\n');
}

/** Removed lines as a fenced block the author can talk about, with where they were. */
function quote(path: string, removed: readonly string[], oldStart: number): string {
  const shown = removed.slice(0, MAX_QUOTED_LINES);
  const longest = Math.max(2, ...shown.join('\n').match(/`+/g)?.map((m) => m.length) ?? [0]);
  const ticks = '`'.repeat(longest + 1);
  const language = extname(path).replace(/^\./, '').replace(/[^\w+#-]/g, '');
  const lines = [t('Removed from `{0}` (line {1} before the change):', path.replace(/`/g, "'"), oldStart), '', `${ticks}${language}`, ...shown, ticks];
  if (removed.length > shown.length) lines.push('', t('… and {0} more removed lines.', removed.length - shown.length));
  return lines.join('\n');
}

/** `order_srv/handler/order.go` + `OrderServer.Create` → `order-srv-handler-order-go-orderserver-create`. */
function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'x'
  );
}

/** A new review walkthrough. */
export function renderReview(title: string, steps: readonly ReviewStep[], root?: string): string {
  // A review is read once, not rehearsed: its steps stay out of the daily practice.
  return renderWalkthrough({ title, ...(root ? { root } : {}), practice: false }, steps.map(draftOf));
}

function draftOf(step: ReviewStep): StepDraft {
  const draft: StepDraft = { id: step.id, title: step.title };
  for (const key of ['file', 'lines', 'anchor', 'symbol', 'points'] as const) if (step[key] !== undefined) draft[key] = step[key];
  return draft;
}

/**
 * Updates an existing review walkthrough: generated steps still touched get their new code
 * (`file`, `lines`, `anchor`, `symbol`); new ones are inserted after the step before them in the
 * diff; generated steps no longer touched are dropped unless the author wrote points or a question.
 * Everything else — the author's titles, points, questions, own steps and comments — stays.
 */
export function mergeReview(existing: string, steps: readonly ReviewStep[]): EditResult & { added?: number; updated?: number; dropped?: number } {
  let text = existing;
  const spec = () => parseWalkthrough('/review.walkthrough.yaml', text);
  const first = spec();
  if (first.diagnostics.some((d) => d.severity === 'error' && (d.code === 'yaml-syntax' || d.code === 'invalid-type'))) {
    return { ok: false, error: t('The review walkthrough has errors; fix them before updating it.') };
  }
  const wanted = new Set(steps.map((s) => s.id));
  let added = 0;
  let updated = 0;
  let dropped = 0;
  // Drop generated steps the change no longer touches (from the end, so indexes stay right).
  const stale = first.steps.filter((s) => s.id.startsWith(REVIEW_ID_PREFIX) && !wanted.has(s.id) && !s.points?.trim() && !s.question?.trim());
  for (const step of [...stale].reverse()) {
    const result = deleteStep(text, step.index);
    if (!result.ok) return result;
    text = result.text;
    dropped++;
  }
  let previous = -1;
  for (const step of steps) {
    const current = spec();
    const index = current.steps.findIndex((s) => s.id === step.id);
    if (index >= 0) {
      const changes: Partial<Record<'file' | 'lines' | 'anchor' | 'symbol', string | null>> = {};
      for (const key of ['file', 'lines', 'anchor', 'symbol'] as const) changes[key] = step[key] ?? null;
      // A content-only step of removed code keeps what the author made of it.
      const result = step.file === undefined ? { ok: true as const, text } : setStepKeys(text, index, changes);
      if (!result.ok) return result;
      if (result.text !== text) updated++;
      text = result.text;
      previous = index;
    } else {
      const result = insertStep(text, previous + 1, draftOf(step));
      if (!result.ok) return result;
      text = result.text;
      previous++;
      added++;
    }
  }
  return { ok: true, text, added, updated, dropped };
}
