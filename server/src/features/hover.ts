/**
 * Hover. On code: one card for every step whose range covers the line (title, walkthrough and
 * position, question, talking points, previous/next/open links). On walkthrough YAML: a key's
 * documentation, or a step's resolved code and status.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { LoadedWalkthrough } from '../core/engine';
import { STEP_KEYS, WALKTHROUGH_KEYS, formatLines } from '../core/format/parseWalkthrough';
import { basename } from '../core/paths';
import type { ResolvedStep } from '../core/resolveStep';
import { splitLines } from '../core/text';
import { ClientCommands } from '../protocol';
import { stepLinks, type LinkRewrite } from './codeLinks';
import { stepKeyDocs, walkthroughKeyDocs } from './keyDocs';
import { plural, t } from '../core/l10n';
import { statusMark, statusName } from '../core/stepStatuses';
import { sortInTourOrder } from './tourOrder';
import { clip, commandLink, fence, languageOf, plain, untrustedMarkdown } from './markdown';
import { talkingPoints } from './stepContent';
import { isPlaced } from './walkthroughList';
import { keyAt, stepAt } from './yamlContext';
import type { Workspace } from './workspace';

const MAX_POINT_LINES = 60;
const MAX_CODE_LINES = 30;
/** A hover shows at most this many step cards and characters (100k steps on one line made 29.5 MB). */
export const MAX_HOVER_CARDS = 10;
export const MAX_HOVER_CHARS = 64 * 1024;

export async function hover(workspace: Workspace, file: string, position: Position): Promise<Hover | null> {
  // Authoring hovers in walkthrough YAML stay on; the setting is about code files.
  if (workspace.engine.isWalkthrough(file)) return yamlHover(workspace, file, position);
  if (!workspace.settings.hoverEnabled) return null;
  return codeHover(workspace, file, position);
}

async function codeHover(workspace: Workspace, file: string, position: Position): Promise<Hover | null> {
  // A tour converted to a walkthrough shows once, as the walkthrough (convertedTours.ts).
  const convertedTours = workspace.hiddenTours();
  const covering = workspace.engine
    .stepsInFile(file)
    .filter((step) => isPlaced(step) && step.file === file && step.span.start <= position.line && position.line <= step.span.end && !convertedTours.has(step.walkthroughFile));
  if (covering.length === 0) return null;
  sortInTourOrder(workspace.engine, covering);
  const parts: string[] = [];
  let size = 0;
  let shown = 0;
  for (const step of covering) {
    if (parts.length >= MAX_HOVER_CARDS || size >= MAX_HOVER_CHARS) break;
    shown++;
    const walkthrough = workspace.walkthroughOf(step);
    if (!walkthrough) continue;
    const card = stepCard(walkthrough, step, await stepLinks(workspace, walkthrough, step));
    parts.push(card.length > MAX_HOVER_CHARS ? clip(card.slice(0, MAX_HOVER_CHARS), MAX_POINT_LINES, '_…_') : card);
    size += card.length;
  }
  if (parts.length === 0) return null;
  const hidden = covering.length - shown;
  if (hidden > 0) parts.push(plural(hidden, '_… {0} more step covers this line (see the Walkthroughs view)._', '_… {0} more steps cover this line (see the Walkthroughs view)._'));
  // The hover holds while the pointer stays in the innermost step's range.
  const inner = covering.reduce((a, b) => (b.span!.end - b.span!.start < a.span!.end - a.span!.start ? b : a));
  const text = await workspace.engine.readText(file);
  const endLength = text.kind === 'text' ? (splitLines(text.text)[inner.span!.end] ?? '').length : 0;
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    range: { start: { line: inner.span!.start, character: 0 }, end: { line: inner.span!.end, character: endLength } },
  };
}

export function stepCard(walkthrough: LoadedWalkthrough, step: ResolvedStep, rewriteLink?: LinkRewrite): string {
  const index = step.spec.index;
  const total = walkthrough.steps.length;
  const wid = walkthrough.spec.id;
  const lines: string[] = [`**${plain(step.title)}**`, '', `${plain(walkthrough.spec.title)} · ${index + 1}/${total}`];
  // Code links go to the workspace's file; other non-web links (and unresolved ones) show as text.
  const sanitize = { rewriteLink: (href: string) => rewriteLink?.(href) ?? undefined };
  if (step.status === 'moved' || step.status === 'fuzzy' || step.status === 'approximate') lines.push('', `_${step.status === 'moved' ? '' : '⚠ '}${untrustedMarkdown(step.statusMessage ?? statusName(step.status, t))}_`);
  if (step.spec.question) lines.push('', t('**Q:** {0}', untrustedMarkdown(step.spec.question.trim(), sanitize)));
  const points = talkingPoints(step);
  if (points) lines.push('', clip(untrustedMarkdown(points, sanitize), MAX_POINT_LINES, t('_… (continued in the tour)_')));
  const links: string[] = [];
  const previous = walkthrough.steps[index - 1];
  const next = walkthrough.steps[index + 1];
  if (previous) links.push(commandLink(t('← Previous'), ClientCommands.openStep, [wid, previous.spec.id]));
  if (next) links.push(commandLink(t('Next →'), ClientCommands.openStep, [wid, next.spec.id]));
  links.push(commandLink(t('Open in tour'), ClientCommands.openStep, [wid, step.spec.id]));
  lines.push('', links.join(' · '));
  return lines.join('\n');
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
