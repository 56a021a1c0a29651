/**
 * Hover. On code: one compact card for the most relevant step whose range covers the line (title,
 * walkthrough and position, status, question, the first talking points, previous/next/open links)
 * and a line of links to the other steps there ("Also in: …"). On walkthrough YAML: a key's
 * documentation, or a step's resolved code and status.
 */
import { HoverRequest, MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { LoadedWalkthrough } from '../core/engine';
import { STEP_KEYS, WALKTHROUGH_KEYS, formatLines } from '../core/format/parseWalkthrough';
import { basename } from '../../../common/src/paths';
import type { ResolvedStep } from '../core/resolveStep';
import { splitLines } from '../core/text';
import { ClientCommands } from '../../../common/src/protocol';
import { stepLinks, type LinkRewrite } from './codeLinks';
import { stepKeyDocs, walkthroughKeyDocs } from './keyDocs';
import { plural, t } from '../core/l10n';
import { statusMark, statusName } from '../../../common/src/stepStatuses';
import { sortInTourOrder } from './tourOrder';
import { blockTokens, clip, commandLink, fence, languageOf, plain, untrustedMarkdown } from './markdown';
import { isPlaced, markUnconfirmed } from '../core/steps';
import { keyAt, stepAt } from './yamlContext';
import type { Workspace } from '../runtime/workspace';
import { onRequest } from '../runtime/handlers';

const MAX_POINT_LINES = 60;
const MAX_CODE_LINES = 30;
/** A compact card shows this many talking points (paragraphs or list items) and at most this many lines of them. */
export const HOVER_POINTS = 2;
const HOVER_POINT_LINES = 12;
/** The "also in" line links at most this many other steps and counts the rest. */
export const MAX_ALSO_IN = 8;
/** Characters of a walkthrough title shown in an "also in" link. */
const MAX_LINK_TITLE = 40;
/** A hover never grows past this many characters (100k steps on one line once made 29.5 MB). */
export const MAX_HOVER_CHARS = 64 * 1024;

export async function hover(workspace: Workspace, file: string, position: Position): Promise<Hover | null> {
  // Authoring hovers in walkthrough YAML stay on; the setting is about code files.
  if (workspace.engine.isWalkthrough(file)) return yamlHover(workspace, file, position);
  if (!workspace.settings.hoverEnabled) return null;
  return codeHover(workspace, file, position);
}

/**
 * The steps covering a line, most relevant first: the running tour's steps, then tour order
 * (walkthroughs as the engine lists them — primary first, then by file — then step order). The
 * hover shows a card for the first and links to the others.
 */
export function rankCovering(workspace: Workspace, covering: ResolvedStep[]): ResolvedStep[] {
  sortInTourOrder(workspace.engine, covering);
  const active = workspace.activeTour;
  if (active === undefined) return covering;
  const inTour = (step: ResolvedStep) => workspace.walkthroughOf(step)?.spec.id === active;
  return [...covering.filter(inTour), ...covering.filter((step) => !inTour(step))];
}

/**
 * One compact card for the most relevant step covering the line (see rankCovering), and a line
 * "Also in: <walkthrough n/N> · …" of links that open the other steps, so several walkthroughs
 * citing the same code never stack into a wall over it.
 */
async function codeHover(workspace: Workspace, file: string, position: Position): Promise<Hover | null> {
  // A tour converted to a walkthrough shows once, as the walkthrough (convertedTours.ts).
  const convertedTours = workspace.hiddenTours();
  const covering = rankCovering(
    workspace,
    workspace.engine
      .stepsInFile(file)
      .filter((step) => isPlaced(step) && step.file === file && step.span.start <= position.line && position.line <= step.span.end && !convertedTours.has(step.walkthroughFile)),
  );
  const shown = covering.find((step) => workspace.walkthroughOf(step));
  if (!shown) return null;
  const walkthrough = workspace.walkthroughOf(shown)!;
  let value = stepCard(walkthrough, shown, await stepLinks(workspace, walkthrough, shown));
  if (value.length > MAX_HOVER_CHARS) value = clip(value.slice(0, MAX_HOVER_CHARS), MAX_POINT_LINES, '_…_');
  const others = covering.filter((step) => step !== shown);
  const also = alsoIn(workspace, others);
  if (also) value += `\n\n${also}`;
  // The hover holds while the pointer stays in the innermost step's range.
  const inner = covering.reduce((a, b) => (b.span!.end - b.span!.start < a.span!.end - a.span!.start ? b : a));
  const text = await workspace.engine.readText(file);
  const endLength = text.kind === 'text' ? (splitLines(text.text)[inner.span!.end] ?? '').length : 0;
  return {
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: { line: inner.span!.start, character: 0 }, end: { line: inner.span!.end, character: endLength } },
  };
}

/** "Also in: <walkthrough n/N> · …": a link per other step (our openStep command), the rest counted. */
function alsoIn(workspace: Workspace, others: ResolvedStep[]): string | undefined {
  const links: string[] = [];
  for (const step of others) {
    if (links.length >= MAX_ALSO_IN) break;
    const walkthrough = workspace.walkthroughOf(step);
    if (!walkthrough) continue;
    // A title is cut (by code points) so eight links stay one short line whatever the titles are.
    const title = [...walkthrough.spec.title];
    const shortTitle = title.length > MAX_LINK_TITLE ? `${title.slice(0, MAX_LINK_TITLE - 1).join('')}…` : walkthrough.spec.title;
    const label = `${plain(shortTitle)} ${step.spec.index + 1}/${walkthrough.steps.length}`;
    links.push(commandLink(label, ClientCommands.openStep, [walkthrough.spec.id, step.spec.id]));
  }
  if (links.length === 0) return undefined;
  const rest = others.length - links.length;
  const more = rest > 0 ? ` · ${plural(rest, '{0} more step', '{0} more steps')}` : '';
  return t('Also in: {0}', links.join(' · ') + more);
}

/**
 * A short card: title, walkthrough and position, the status when the step did not land exactly,
 * the question, the first talking points (marked where they name code that is not in your code;
 * marks of the points left out are listed on one line) and previous / next / open links.
 */
export function stepCard(walkthrough: LoadedWalkthrough, step: ResolvedStep, rewriteLink?: LinkRewrite): string {
  const sanitize = { rewriteLink: (href: string) => rewriteLink?.(href) ?? undefined };
  const lines = header(walkthrough, step);
  if (step.spec.question) lines.push('', t('**Q:** {0}', untrustedMarkdown(step.spec.question.trim(), sanitize)));
  const points = firstPoints(step, HOVER_POINTS);
  const more = t('_… (continued in the tour)_');
  if (points.text) {
    const shown = clip(untrustedMarkdown(points.text, sanitize), HOVER_POINT_LINES, more);
    lines.push('', shown);
    if (points.more && !shown.endsWith(more)) lines.push('', more);
  }
  if (points.hiddenClaims.length) lines.push('', `⚠ *${t('not in your code: {0}', points.hiddenClaims.join(', '))}*`);
  lines.push('', navigation(walkthrough, step));
  return lines.join('\n');
}

function header(walkthrough: LoadedWalkthrough, step: ResolvedStep): string[] {
  const lines: string[] = [`**${plain(step.title)}**`, '', `${plain(walkthrough.spec.title)} · ${step.spec.index + 1}/${walkthrough.steps.length}`];
  if (step.status === 'moved' || step.status === 'fuzzy' || step.status === 'approximate') lines.push('', `_${step.status === 'moved' ? '' : '⚠ '}${untrustedMarkdown(step.statusMessage ?? statusName(step.status, t))}_`);
  return lines;
}

function navigation(walkthrough: LoadedWalkthrough, step: ResolvedStep): string {
  const index = step.spec.index;
  const wid = walkthrough.spec.id;
  const links: string[] = [];
  const previous = walkthrough.steps[index - 1];
  const next = walkthrough.steps[index + 1];
  if (previous) links.push(commandLink(t('← Previous'), ClientCommands.openStep, [wid, previous.spec.id]));
  if (next) links.push(commandLink(t('Next →'), ClientCommands.openStep, [wid, next.spec.id]));
  links.push(commandLink(t('Open in tour'), ClientCommands.openStep, [wid, step.spec.id]));
  return links.join(' · ');
}

/**
 * The first `count` talking points (inline points, then the memo section's body), as markdown cut
 * at a block boundary, with "not in your code" marks on the lines kept; the claims of the points
 * left out are returned apart, so no mark is lost.
 */
export function firstPoints(step: ResolvedStep, count: number): { text?: string; more: boolean; hiddenClaims: string[] } {
  const sources: Array<[string | undefined, 'points' | 'section']> = [
    [step.spec.points, 'points'],
    [step.section?.body, 'section'],
  ];
  const kept: string[] = [];
  const hiddenClaims: string[] = [];
  let left = count;
  let more = false;
  for (const [text, source] of sources) {
    if (text === undefined || !text.trim()) continue;
    const claims = (step.unconfirmed ?? []).filter((u) => u.source === source);
    const cut = left > 0 ? pointsPrefix(text, left) : { end: 0, units: 0, more: true };
    left -= cut.units;
    if (cut.more) more = true;
    const shownClaims = claims.filter((u) => u.claim.start < cut.end);
    hiddenClaims.push(...claims.filter((u) => u.claim.start >= cut.end).map((u) => u.text));
    const prefix = markUnconfirmed(text.slice(0, cut.end), shownClaims).trim();
    if (prefix) kept.push(prefix);
  }
  return { ...(kept.length ? { text: kept.join('\n\n') } : {}), more, hiddenClaims };
}

/**
 * Where the first `count` points of markdown end (a character offset at a line end): a point is a
 * top-level paragraph, list item, quote, code block or table; headings before it are kept but not
 * counted.
 */
export function pointsPrefix(markdown: string, count: number): { end: number; units: number; more: boolean } {
  const ends: number[] = [];
  for (const token of blockTokens(markdown)) {
    if (!token.map) continue;
    const topLevel = token.level === 0 && token.nesting !== -1 && !/^(heading_open|hr|bullet_list_open|ordered_list_open)$/.test(token.type);
    const listItem = token.type === 'list_item_open' && token.level === 1;
    if (topLevel || listItem) ends.push(token.map[1]);
  }
  if (ends.length <= count) return { end: markdown.length, units: ends.length, more: false };
  return { end: lineOffset(markdown, ends[count - 1]!), units: count, more: true };
}

/** The offset where line `line` (0-based) starts, or the text's length. */
function lineOffset(text: string, line: number): number {
  let at = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', at);
    if (next < 0) return text.length;
    at = next + 1;
  }
  return at;
}

async function yamlHover(workspace: Workspace, file: string, position: Position): Promise<Hover | null> {
  const walkthrough = workspace.engine.get(file);
  if (!walkthrough) return null;
  const { spec } = walkthrough;
  const stepSpec = stepAt(spec, position);
  if (stepSpec) {
    const key = keyAt(stepSpec.spans, position);
    // Key documentation is about the YAML format; a CodeTour tour's keys are named differently.
    if (key?.part === 'key' && spec.format !== 'codetour' && (STEP_KEYS as readonly string[]).includes(key.key)) {
      return { contents: { kind: MarkupKind.Markdown, value: t('`{0}` (step) — {1}', key.key, stepKeyDocs()[key.key as keyof ReturnType<typeof stepKeyDocs>]) }, range: key.span.key };
    }
    const step = walkthrough.steps[stepSpec.index];
    if (!step) return null;
    return { contents: { kind: MarkupKind.Markdown, value: await resolvedStepMarkdown(workspace, walkthrough, step) } };
  }
  const key = keyAt(spec.spans, position);
  if (key?.part === 'key' && spec.format !== 'codetour' && (WALKTHROUGH_KEYS as readonly string[]).includes(key.key)) {
    return { contents: { kind: MarkupKind.Markdown, value: t('`{0}` — {1}', key.key, walkthroughKeyDocs()[key.key]) }, range: key.span.key };
  }
  return null;
}

function statusText(status: string): string {
  return `${statusMark(status)} ${statusName(status, t)}`;
}

/** Step n/N, its status, and the code it resolves to now. */
async function resolvedStepMarkdown(workspace: Workspace, walkthrough: LoadedWalkthrough, step: ResolvedStep): Promise<string> {
  const lines = [`**${step.spec.index + 1}/${walkthrough.steps.length} ${plain(step.title)}** — ${statusText(step.status)}`];
  if (step.statusMessage) lines.push('', untrustedMarkdown(step.statusMessage));
  if (isPlaced(step)) {
    const text = await workspace.engine.readText(step.file);
    if (text.kind === 'text') {
      const all = splitLines(text.text);
      const end = Math.min(step.span.end, step.span.start + MAX_CODE_LINES - 1);
      const code = all.slice(step.span.start, end + 1).join('\n');
      const more = end < step.span.end ? `\n\n${plural(step.span.end - end, '_… {0} more line_', '_… {0} more lines_')}` : '';
      lines.push('', t('`{0}` lines {1}', plain(basename(step.file)), formatLines(step.span)), '', fence(code, languageOf(step.file)) + more);
    }
  } else if (step.contentOnly) {
    lines.push('', t('_Content-only step (no code location)._'));
  }
  return lines.join('\n');
}

export const hoverHandler = onRequest(HoverRequest.type, async (params, server, token) => {
  const r = await server.documentReady(params.textDocument.uri, token);
  return r ? hover(r.ws, r.file, params.position) : null;
});
