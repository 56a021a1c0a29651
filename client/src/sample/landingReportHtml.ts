// The Landing Report page (pure, unit-tested; no `vscode` import): the bundled walkthroughs applied
// to the user's checkout, in the editor area. Counts at the top (steps, to check, points not in
// the user's code) with a Write button that stays; then each walkthrough, its steps grouped by the
// declaration (else the file) they landed in: where and how each landed (path:line, exact or N%
// similar), the points its code does not bear out, and its actions (Open, Use This Location,
// Looks Right, Drop); per walkthrough the bulk actions (accept every step that landed in its
// function; skip the walkthrough). Walkthrough text, paths and code are untrusted: all escaped;
// the page runs only the nonce'd script under the step card's strict CSP (the import review's
// helpers).
import type { Translate } from '../../../common/src/plural';
import type { StepSummary } from '../../../common/src/protocol';
import { escapeHtml } from '../views/markdown';
import { actionButton, breakablePath, webviewPage, type WebviewResources } from '../views/stepCardHtml';
import { landingKind, needsAttention } from './landingReport';

/** The page's classes: the import review's roomy layout plus the report's own rules. */
const BODY_CLASS = ['roomy', 'landing'].join(' ');

export interface ReportStep {
  step: StepSummary;
  /** The declaration the step is anchored in (`symbol:` of its copy), if any. */
  declaration?: string;
  /** Where it landed, relative to the checkout (`path:line` or `path:start-end`). */
  where?: string;
  /** The user has yet to confirm it (Looks Right, Use This Location, or a bulk accept). */
  toCheck: boolean;
  /** Confirmed (or, before writing, accepted: recorded when written). */
  accepted: boolean;
  /** Left out of the copy (before writing). */
  dropped: boolean;
  /** Accepted in bulk with "every step that landed in its function". */
  landedInFunction: boolean;
}

export interface ReportWalkthrough {
  id: string;
  title: string;
  steps: ReportStep[];
  /** Not written (before writing). */
  skipped: boolean;
}

export interface LandingReportModel {
  /** The checkout, as shown (relative to the workspace). */
  target: string;
  /** The folder the copies go to, as shown. */
  folder: string;
  written: boolean;
  walkthroughs: ReportWalkthrough[];
}

/** Messages the page posts (through media/stepCard.js); `walkthrough` and `step` are ids. */
export type LandingMessage =
  | { type: 'write' | 'start' }
  | { type: 'acceptLanded' | 'skip'; walkthrough: string }
  | { type: 'open' | 'useLocation' | 'looksRight' | 'drop'; walkthrough: string; step: string };

export interface ReportCounts {
  steps: number;
  toCheck: number;
  /** Points whose code is not in the checkout, and the steps holding them. */
  claims: number;
  claimSteps: number;
}

/** What is counted: the steps that will be (or were) written. */
export function reportCounts(model: Pick<LandingReportModel, 'walkthroughs'>): ReportCounts {
  const counts: ReportCounts = { steps: 0, toCheck: 0, claims: 0, claimSteps: 0 };
  for (const walkthrough of model.walkthroughs) {
    if (walkthrough.skipped) continue;
    for (const row of walkthrough.steps) {
      if (row.dropped) continue;
      counts.steps++;
      if (row.toCheck) counts.toCheck++;
      const claims = row.step.unconfirmed?.length ?? 0;
      counts.claims += claims;
      if (claims) counts.claimSteps++;
    }
  }
  return counts;
}

/**
 * A walkthrough's steps grouped by the declaration they landed in (two declarations of the same
 * name in different files are two groups), else by file, else "talking points"; in step order.
 */
export function groupSteps(steps: readonly ReportStep[]): Array<{ kind: 'declaration' | 'file' | 'talk'; declaration?: string; file?: string; steps: ReportStep[] }> {
  const groups: Array<{ key: string; kind: 'declaration' | 'file' | 'talk'; declaration?: string; file?: string; steps: ReportStep[] }> = [];
  for (const row of steps) {
    const file = row.where?.replace(/:\d+(-\d+)?$/, '');
    const kind = row.declaration ? 'declaration' : file ? 'file' : 'talk';
    const key = JSON.stringify([kind, row.declaration ?? '', file ?? '']);
    let group = groups.find((g) => g.key === key);
    if (!group) {
      group = { key, kind, steps: [] };
      if (row.declaration) group.declaration = row.declaration;
      if (file) group.file = file;
      groups.push(group);
    }
    group.steps.push(row);
  }
  return groups.map(({ key: _key, ...group }) => group);
}

function how(step: StepSummary, t: Translate): string {
  switch (landingKind(step)) {
    case 'exact':
      return step.status === 'moved' ? t('exact (moved)') : t('exact');
    case 'close':
      return t('similar');
    case 'guess':
      return t('approximate');
    case 'notFound':
      return t('not found');
    case 'talk':
      return t('talking points');
  }
}

function stepRow(walkthrough: ReportWalkthrough, row: ReportStep, model: LandingReportModel, t: Translate): string {
  const { step } = row;
  const data = { walkthrough: walkthrough.id, step: step.id };
  const kind = landingKind(step);
  const actions: string[] = [];
  if (!step.contentOnly && (step.uri !== undefined || step.closest !== undefined)) actions.push(actionButton('open', needsAttention(step) ? t('Go to Closest Match') : t('Open'), { data }));
  if (!row.dropped && model.written && needsAttention(step)) actions.push(actionButton('useLocation', t('Use This Location'), { data, title: t('Select the right lines in the editor first: the step is re-anchored to the selection (one undoable edit).') }));
  if (!row.dropped && row.toCheck) actions.push(actionButton('looksRight', t('Looks Right'), { data, title: t('You checked the step against your code as it is now: it is practised from now on.') }));
  if (!model.written && !walkthrough.skipped) actions.push(actionButton('drop', row.dropped ? t('Keep') : t('Drop'), { data }));
  const claims = step.unconfirmed?.length
    ? `<p class="claims">⚠ ${escapeHtml(t('not in your code: {0}', step.unconfirmed.join(', ')))}</p>`
    : '';
  const state = row.dropped ? t('dropped: not written') : row.accepted ? (model.written ? t('confirmed') : t('accepted: recorded when written')) : row.toCheck ? t('to check') : '';
  const detail = step.statusMessage && kind !== 'exact' ? `<p class="how-detail">${escapeHtml(step.statusMessage)}</p>` : '';
  return `<li class="landing-step ${escapeHtml(kind)}${row.toCheck ? ' to-check' : ''}${row.dropped ? ' dropped' : ''}" data-walkthrough="${escapeHtml(walkthrough.id)}" data-step="${escapeHtml(step.id)}">
<div class="step-line"><span class="title">${step.index + 1}. ${escapeHtml(step.title)}</span> <span class="how ${escapeHtml(kind)}">${escapeHtml(how(step, t))}</span>${row.where ? ` <code class="where">${breakablePath(row.where)}</code>` : ''}${state ? ` <span class="state">${escapeHtml(state)}</span>` : ''}</div>
${detail}${claims}<div class="actions">${actions.join(' ')}</div></li>`;
}

function walkthroughSection(walkthrough: ReportWalkthrough, model: LandingReportModel, t: Translate): string {
  const counts = reportCounts({ walkthroughs: [{ ...walkthrough, skipped: false }] });
  const acceptable = walkthrough.steps.filter((r) => !r.dropped && r.toCheck && r.landedInFunction).length;
  const bulk: string[] = [];
  if (!walkthrough.skipped) {
    bulk.push(actionButton('acceptLanded', t('Accept Steps That Landed in Their Function ({0})', acceptable), { data: { walkthrough: walkthrough.id }, disabled: acceptable === 0, title: t('Steps found in their declaration (similar or approximate) are confirmed; steps whose points name code not in yours are not: check each.') }));
  }
  if (!model.written) bulk.push(actionButton('skip', walkthrough.skipped ? t('Include This Walkthrough') : t('Skip This Walkthrough'), { data: { walkthrough: walkthrough.id } }));
  const summary = walkthrough.skipped
    ? t('skipped: not written')
    : t('steps: {0} · to check: {1} · points not in your code: {2}', counts.steps, counts.toCheck, counts.claims);
  const groups = walkthrough.skipped
    ? ''
    : groupSteps(walkthrough.steps)
        .map((g) => {
          const file = g.file ? `<span class="file">${breakablePath(g.file)}</span>` : '';
          const heading = g.kind === 'declaration' ? `<code>${escapeHtml(g.declaration ?? '')}</code>${file}` : g.kind === 'file' ? `<code>${escapeHtml(g.file ?? '')}</code>` : escapeHtml(t('talking points'));
          return `<section class="landing-group"><h3>${heading}</h3><ul>${g.steps.map((row) => stepRow(walkthrough, row, model, t)).join('\n')}</ul></section>`;
        })
        .join('\n');
  return `<section class="landing-walkthrough${walkthrough.skipped ? ' skipped' : ''}" data-walkthrough="${escapeHtml(walkthrough.id)}">
<h2>${escapeHtml(walkthrough.title)}</h2>
<p class="summary">${escapeHtml(summary)}</p>
<div class="actions">${bulk.join(' ')}</div>
${groups}
</section>`;
}

export function renderLandingReport(model: LandingReportModel, resources: WebviewResources & { t: Translate }): string {
  const t = resources.t;
  const counts = reportCounts(model);
  const included = model.walkthroughs.filter((w) => !w.skipped && w.steps.some((r) => !r.dropped)).length;
  const write = model.written
    ? `<span class="written">${escapeHtml(t('Written to {0}/.', model.folder))}</span> ${actionButton('start', t('Start Walkthrough'), { primary: true })}`
    : actionButton('write', t('Write Walkthroughs into {0}/ ({1})', model.folder, included), { primary: true, disabled: included === 0 });
  const header = `<header class="landing-header"><h1>${escapeHtml(t('Landing Report: {0}', model.target))}</h1>
<p class="counts"><span data-count="steps">${escapeHtml(t('Steps: {0}', counts.steps))}</span> · <span data-count="to-check">${escapeHtml(t('To check: {0}', counts.toCheck))}</span> · <span data-count="claims">${escapeHtml(t('Points not in your code: {0} (steps: {1})', counts.claims, counts.claimSteps))}</span></p>
<p class="hint">${escapeHtml(model.written ? t('Steps to check are not practised until you confirm them: Looks Right, Use This Location, or accept the steps that landed in their function.') : t('Preview only: nothing is written until you choose Write. Skip the walkthroughs you do not want; drop steps you do not need.'))}</p>
<div class="actions">${write}</div></header>`;
  const body = model.walkthroughs.map((w) => walkthroughSection(w, model, t)).join('\n');
  // The page keeps its scroll position when drawn again after an action.
  return webviewPage(resources, { title: t('Landing Report: {0}', model.target), bodyClass: BODY_CLASS, body: `${header}\n${body}`, keepScroll: true });
}
