// Builds the step card's HTML (pure, unit-tested). Everything from walkthrough files is untrusted:
// text is escaped, markdown goes through ./markdown.ts, and the page runs only the nonce'd script
// under a `default-src 'none'` content security policy.
import type { StepContent, StepStatus } from '../../../server/src/protocol';
import type { Grade } from '../tour/progress';
import { escapeHtml, renderMarkdown } from './markdown';

export interface CardResources {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

export type CardModel =
  | { kind: 'idle'; hasWalkthroughs: boolean }
  | { kind: 'loading'; title: string }
  | {
      kind: 'step';
      content: StepContent;
      /** `file:line` of the step's current range, relative to the workspace. */
      location?: string;
      /** Steps of this walkthrough visited so far. */
      visited: number;
      /** Set while rehearsing: talking points stay hidden until revealed, then the user grades. */
      rehearsal?: { revealed: boolean; grade?: Grade };
    };

/** Messages the card's script posts to the extension. */
export type CardMessage =
  | { type: 'previous' | 'next' | 'end' | 'start' | 'reveal' | 'openSample' | 'openSection' | 'nextWalkthrough' }
  | { type: 'showAnswer' | 'gradeKnown' | 'gradeReview' }
  | { type: 'closestMatch' | 'useLocation' }
  | { type: 'openLink'; href: string };

export const STATUS_TEXT: Record<StepStatus, string> = {
  ok: 'Anchored',
  moved: 'Moved',
  fuzzy: 'Fuzzy match',
  approximate: 'Approximate: check the place',
  stale: 'Stale',
  missing: 'Missing',
  invalid: 'Invalid',
};

/** Statuses that did not land exactly and get the landing actions on the card. */
const INEXACT = new Set<StepStatus>(['fuzzy', 'approximate', 'stale']);

export function cardCsp(resources: Pick<CardResources, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `style-src ${resources.cspSource}`,
    `font-src ${resources.cspSource}`,
    `img-src ${resources.cspSource}`,
    `script-src 'nonce-${resources.nonce}'`,
  ].join('; ');
}

function button(type: CardMessage['type'], label: string, options: { disabled?: boolean; primary?: boolean; title?: string } = {}): string {
  const classes = options.primary ? 'button primary' : 'button secondary';
  const title = options.title ? ` title="${escapeHtml(options.title)}"` : '';
  return `<button class="${classes}" data-action="${type}"${options.disabled ? ' disabled' : ''}${title}>${escapeHtml(label)}</button>`;
}

function idleBody(model: Extract<CardModel, { kind: 'idle' }>): string {
  const actions = model.hasWalkthroughs
    ? button('start', 'Start Walkthrough…', { primary: true })
    : button('openSample', 'Open Sample Repository', { primary: true });
  return `<section class="idle">
  <p>No walkthrough is running.</p>
  <p class="hint">Start one from the list above, a CodeLens in the code, or the command palette.</p>
  <div class="actions">${actions}</div>
</section>`;
}

function stepBody(model: Extract<CardModel, { kind: 'step' }>): string {
  const { content } = model;
  const { step } = content;
  const parts: string[] = [];
  parts.push(`<header>
  <div class="walkthrough" title="${escapeHtml(content.walkthrough.title)}">${escapeHtml(content.walkthrough.title)}</div>
  <div class="position" aria-label="Step ${content.position} of ${content.total}">${content.position} / ${content.total}</div>
</header>`);
  parts.push(`<h2 class="title">${escapeHtml(step.title)}</h2>`);
  const meta: string[] = [];
  if (model.location) {
    meta.push(`<a href="#" class="location" data-action="reveal" title="Reveal in the editor">${escapeHtml(model.location)}</a>`);
  } else if (step.contentOnly) {
    meta.push('<span class="location">Talking points only</span>');
  }
  if (step.status !== 'ok' && !step.contentOnly) {
    const message = step.statusMessage ? `: ${step.statusMessage}` : '';
    meta.push(`<span class="status status-${step.status}">${escapeHtml(STATUS_TEXT[step.status] + message)}</span>`);
  }
  if (meta.length) parts.push(`<div class="meta">${meta.join(' ')}</div>`);
  if (!step.contentOnly && INEXACT.has(step.status)) {
    // The step did not land exactly: look at the closest lines, or pin it to the selection.
    parts.push(`<div class="actions landing-actions">
  ${button('closestMatch', 'Go to Closest Match', { title: 'Open the most similar lines found, selected' })}
  ${button('useLocation', 'Use This Location', { title: 'Re-anchor this step to the selection in the editor (one undoable edit)' })}
</div>`);
  }
  if (content.question) {
    parts.push(`<section class="question"><h3>Question</h3>${renderMarkdown(content.question)}</section>`);
  }
  if (model.rehearsal) {
    parts.push(rehearsalBody(model.rehearsal, content));
    parts.push(`<footer class="progress">Rehearsal · visited ${model.visited} of ${content.total}</footer>`);
    return parts.join('\n');
  }
  if (content.points) {
    parts.push(`<section class="points"><h3>Talking points</h3>${renderMarkdown(content.points)}</section>`);
  }
  if (content.section) {
    parts.push(`<div class="section">From memo: <a href="#" data-action="openSection">${escapeHtml(content.section.heading)}</a></div>`);
  }
  const last = !content.next;
  const nextButton = !last
    ? button('next', 'Next', { primary: true, title: `Next: ${content.next!.title}` })
    : content.nextWalkthrough
      ? button('nextWalkthrough', `Next: ${content.nextWalkthrough.title}`, { primary: true, title: 'Start the next walkthrough' })
      : button('end', 'Finish', { primary: true, title: 'End the walkthrough' });
  parts.push(`<nav class="actions">
  ${button('previous', 'Previous', { disabled: !content.previous, title: content.previous ? `Previous: ${content.previous.title}` : undefined })}
  ${nextButton}
  ${button('end', 'End')}
</nav>`);
  parts.push(`<footer class="progress">Visited ${model.visited} of ${content.total}</footer>`);
  return parts.join('\n');
}

/** Rehearsal: answer aloud first, then reveal the talking points and grade yourself. */
function rehearsalBody(rehearsal: { revealed: boolean; grade?: Grade }, content: StepContent): string {
  const parts: string[] = [];
  const prompt = content.question ? 'Answer the question aloud, then check yourself.' : 'Explain this code aloud, then check yourself.';
  if (!rehearsal.revealed) {
    parts.push(`<p class="hint rehearsal-prompt">${escapeHtml(prompt)}</p>`);
    parts.push(`<nav class="actions">
  ${button('showAnswer', 'Show talking points', { primary: true })}
  ${button('previous', 'Previous', { disabled: !content.previous })}
  ${button('end', 'End')}
</nav>`);
    return parts.join('\n');
  }
  if (content.points) parts.push(`<section class="points"><h3>Talking points</h3>${renderMarkdown(content.points)}</section>`);
  if (content.section) {
    parts.push(`<div class="section">From memo: <a href="#" data-action="openSection">${escapeHtml(content.section.heading)}</a></div>`);
  }
  const graded = rehearsal.grade ? ` <span class="hint">(last time: ${rehearsal.grade === 'known' ? 'got it' : 'review again'})</span>` : '';
  parts.push(`<p class="hint">Did you cover these points?${graded}</p>`);
  parts.push(`<nav class="actions">
  ${button('gradeKnown', 'Got it', { primary: true, title: 'Mark as known and go on' })}
  ${button('gradeReview', 'Review again', { title: 'Mark for another rehearsal and go on' })}
  ${button('end', 'End')}
</nav>`);
  return parts.join('\n');
}

export function renderStepCard(model: CardModel, resources: CardResources): string {
  let body: string;
  if (model.kind === 'idle') body = idleBody(model);
  else if (model.kind === 'loading') body = `<p class="loading">Opening ${escapeHtml(model.title)}…</p>`;
  else body = stepBody(model);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${cardCsp(resources)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(resources.styleUri)}">
<title>Walkthrough Step</title>
</head>
<body>
${body}
<script nonce="${escapeHtml(resources.nonce)}" src="${escapeHtml(resources.scriptUri)}"></script>
</body>
</html>`;
}
