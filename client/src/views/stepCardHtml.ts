// Builds the step card's HTML (pure, unit-tested). Everything from walkthrough files is untrusted:
// text is escaped, markdown goes through ./markdown.ts, and the page runs only the nonce'd script
// under a `default-src 'none'` content security policy.
import type { Translate } from '../../../common/src/plural';
import { statusBadge, statusInfo } from '../../../common/src/stepStatuses';
import type { StepContent } from '../../../common/src/protocol';
import { escapeHtml, renderMarkdown } from './markdown';

/** What any of our webviews needs to load its own script and style under the CSP. */
export interface WebviewResources {
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The display language, for `<html lang>` (CJK line breaking and fonts). */
  lang?: string;
}

export interface CardResources extends WebviewResources {
  /** The client's `vscode.l10n.t` (tests pass a translator over a bundle): every label goes through it. */
  t: Translate;
  /** In an editor-area panel (wider; no "open in editor" button). */
  roomy?: boolean;
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
    };

/** Messages the card's script posts to the extension. */
export type CardMessage =
  | { type: 'previous' | 'next' | 'end' | 'start' | 'reveal' | 'openSample' | 'openSection' | 'nextWalkthrough' | 'openInEditor' }
  | { type: 'closestMatch' | 'useLocation' | 'looksRight' }
  | { type: 'openLink'; href: string };

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

function idleBody(model: Extract<CardModel, { kind: 'idle' }>, t: Translate): string {
  const actions = model.hasWalkthroughs
    ? button('start', t('Start Walkthrough…'), { primary: true })
    : button('openSample', t('Open Sample Repository'), { primary: true });
  return `<section class="idle">
  <p>${escapeHtml(t('No walkthrough is running.'))}</p>
  <p class="hint">${escapeHtml(t('Start one from the list above, a CodeLens in the code, or the command palette.'))}</p>
  <div class="actions">${actions}</div>
</section>`;
}

/** A path that may wrap after a `/` but never inside a file or folder name. */
export function breakablePath(location: string): string {
  return location
    .split('/')
    .map((part) => `<span class="segment">${escapeHtml(part)}</span>`)
    .join('/<wbr>');
}

function stepBody(model: Extract<CardModel, { kind: 'step' }>, t: Translate, roomy: boolean): string {
  const { content } = model;
  const { step } = content;
  const parts: string[] = [];
  parts.push(`<header>
  <div class="walkthrough" title="${escapeHtml(content.walkthrough.title)}">${escapeHtml(content.walkthrough.title)}</div>
  <div class="position" aria-label="${escapeHtml(t('Step {0} of {1}', content.position, content.total))}">${content.position} / ${content.total}</div>
</header>`);
  parts.push(`<h2 class="title">${escapeHtml(step.title)}</h2>`);
  const meta: string[] = [];
  if (model.location) {
    meta.push(`<a href="#" class="location" data-action="reveal" title="${escapeHtml(t('Reveal in the editor'))}">${breakablePath(model.location)}</a>`);
  } else if (step.contentOnly) {
    meta.push(`<span class="location">${escapeHtml(t('Talking points only'))}</span>`);
  }
  if (step.status !== 'ok' && !step.contentOnly) {
    const message = step.statusMessage ? `: ${step.statusMessage}` : '';
    meta.push(`<span class="status status-${step.status}">${escapeHtml(statusBadge(step.status, t) + message)}</span>`);
  }
  if (!roomy) meta.push(`<a href="#" class="open-editor" data-action="openInEditor" title="${escapeHtml(t('Open the card in the editor area'))}">${escapeHtml(t('Open in Editor Area'))}</a>`);
  if (meta.length) parts.push(`<div class="meta">${meta.join(' ')}</div>`);
  if (!step.contentOnly && statusInfo(step.status)?.closestMatch) {
    // The step did not land exactly: look at the closest lines, or pin it to the selection.
    parts.push(`<div class="actions landing-actions">
  ${button('closestMatch', t('Go to Closest Match'), { title: t('Open the most similar lines found, selected') })}
  ${button('useLocation', t('Use This Location'), { title: t('Re-anchor this step to the selection in the editor (one undoable edit)') })}
</div>`);
  }
  if (step.unconfirmed?.length) {
    // Points that name code this checkout does not have: said above the points, never as plain truth.
    parts.push(`<div class="claims-notice"><p>⚠ ${escapeHtml(t('not in your code: {0}', step.unconfirmed.join(', ')))}</p>
<p>${escapeHtml(t('Check these points against your code; the step is practised once you choose Looks Right.'))}</p>
<div class="actions">${button('looksRight', t('Looks Right'), { title: t('You checked the step against your code as it is now: it is practised from now on.') })}</div></div>`);
  }
  if (content.question) {
    parts.push(`<section class="question"><h3>${escapeHtml(t('Question'))}</h3>${renderMarkdown(content.question)}</section>`);
  }
  if (content.points) {
    parts.push(`<section class="points"><h3>${escapeHtml(t('Talking points'))}</h3>${renderMarkdown(content.points)}</section>`);
  }
  if (content.section) parts.push(memoLink(content.section.heading, t));
  const last = !content.next;
  const nextButton = !last
    ? button('next', t('Next'), { primary: true, title: t('Next: {0}', content.next!.title) })
    : content.nextWalkthrough
      ? button('nextWalkthrough', t('Next: {0}', content.nextWalkthrough.title), { primary: true, title: t('Start the next walkthrough') })
      : button('end', t('Finish'), { primary: true, title: t('End the walkthrough') });
  parts.push(`<nav class="actions">
  ${button('previous', t('Previous'), { disabled: !content.previous, title: content.previous ? t('Previous: {0}', content.previous.title) : undefined })}
  ${nextButton}
  ${button('end', t('End'))}
</nav>`);
  parts.push(`<footer class="progress">${escapeHtml(t('Visited {0} of {1}', model.visited, content.total))}</footer>`);
  return parts.join('\n');
}

/** "From memo: <heading>", the heading a link that opens the memo there. */
function memoLink(heading: string, t: Translate): string {
  const [before, after = ''] = t('From memo: {0}', '\u0000').split('\u0000');
  return `<div class="section">${escapeHtml(before!)}<a href="#" data-action="openSection">${escapeHtml(heading)}</a>${escapeHtml(after)}</div>`;
}

export function renderStepCard(model: CardModel, resources: CardResources): string {
  const { t } = resources;
  let body: string;
  if (model.kind === 'idle') body = idleBody(model, t);
  else if (model.kind === 'loading') body = `<p class="loading">${escapeHtml(t('Opening {0}…', model.title))}</p>`;
  else body = stepBody(model, t, resources.roomy === true);
  return webviewPage(resources, { title: t('Walkthrough Step'), bodyClass: resources.roomy ? 'roomy' : 'sidebar', body });
}

/** The page every webview of ours is: the strict CSP, our own style(s) and script, nothing else. */
/**
 * A button of a page driven by media/stepCard.js: a click posts `{ type, ...data }` (the data
 * names its row: a step, a walkthrough, a reference). Labels and data are escaped.
 */
export function actionButton(type: string, label: string, options: { primary?: boolean; disabled?: boolean; title?: string; data?: Readonly<Record<string, string>> } = {}): string {
  const data = Object.entries(options.data ?? {})
    .map(([key, value]) => ` data-${key}="${escapeHtml(value)}"`)
    .join('');
  const title = options.title ? ` title="${escapeHtml(options.title)}"` : '';
  return `<button class="button ${options.primary ? 'primary' : 'secondary'}" data-action="${escapeHtml(type)}"${data}${title}${options.disabled ? ' disabled' : ''}>${escapeHtml(label)}</button>`;
}

/** `keepScroll`: the page keeps its scroll position when drawn again (media/stepCard.js). */
export function webviewPage(resources: WebviewResources, page: { title: string; bodyClass: string; body: string; extraStyleUris?: string[]; keepScroll?: boolean }): string {
  const styles = [resources.styleUri, ...(page.extraStyleUris ?? [])].map((uri) => `<link rel="stylesheet" href="${escapeHtml(uri)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="${escapeHtml(resources.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${cardCsp(resources)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
<title>${escapeHtml(page.title)}</title>
</head>
<body class="${escapeHtml(page.bodyClass)}"${page.keepScroll ? ' data-keep-scroll' : ''}>
${page.body}
<script nonce="${escapeHtml(resources.nonce)}" src="${escapeHtml(resources.scriptUri)}"></script>
</body>
</html>`;
}
