// The import review (pure, unit-tested; no `vscode` import): what "Create Walkthrough from Memo…"
// would write, step by step — every reference with where it landed and how (path, declaration,
// snippet, fuzzy %), the references that could not be placed and why — with Keep/Drop per step and
// a Write button that stays until the user chooses. Memo text, paths and code are untrusted: all
// escaped; the page runs only the nonce'd script under the step card's strict CSP.
import { parseDocument, isMap, isSeq, isScalar, type YAMLMap } from 'yaml';
import type { Translate } from '../../../common/src/plural';
import type { ImportMemoReference, ImportMemoResult } from '../../../common/src/protocol';
import { escapeHtml } from '../views/markdown';
import { actionButton, webviewPage, type WebviewResources } from '../views/stepCardHtml';

export interface ReviewStep {
  id: string;
  title: string;
  question?: string;
  file?: string;
  lines?: string;
  symbol?: string;
  references: Array<ImportMemoReference & { snippet?: string }>;
}

export interface ReviewModel {
  memo: string;
  out: string;
  exists: boolean;
  steps: ReviewStep[];
  unplaced: ImportMemoReference[];
  dropped: ReadonlySet<string>;
  /** Set once written: the Write button is done, Start is offered. */
  written?: boolean;
}

/** Messages the review's script posts (through media/stepCard.js). */
export type ReviewMessage = { type: 'write' | 'showYaml' | 'start' } | { type: 'toggle'; step: string } | { type: 'openReference'; ref: string };

/**
 * The references the page can open, in page order: every placed one (step by step), then the
 * unplaced ones whose file is known. `openReference` names one by its index here.
 */
export function openableReferences(model: Pick<ReviewModel, 'steps' | 'unplaced'>): ImportMemoReference[] {
  return [...model.steps.flatMap((s) => s.references), ...model.unplaced.filter((r) => r.file !== undefined)];
}

/** The steps of the YAML about to be written, with the references that made them. */
export function reviewSteps(result: Pick<ImportMemoResult, 'yaml' | 'references'>): ReviewStep[] {
  const doc = parseDocument(result.yaml);
  const steps = isMap(doc.contents) ? doc.contents.get('steps') : undefined;
  if (!isSeq(steps)) return [];
  return steps.items.flatMap((item, index) => {
    if (!isMap(item)) return [];
    const read = (key: string) => {
      const value = (item as YAMLMap).get(key, true);
      return isScalar(value) && value.value !== null && value.value !== undefined ? String(value.value) : undefined;
    };
    const id = read('id') ?? String(index + 1);
    const step: ReviewStep = { id, title: read('title') ?? id, references: result.references.filter((r) => r.placed && r.step === id) };
    const question = read('question');
    if (question !== undefined) step.question = question;
    for (const key of ['file', 'lines', 'symbol'] as const) {
      const value = read(key);
      if (value !== undefined) step[key] = value;
    }
    return [step];
  });
}

/** The YAML without the dropped steps (comments and the rest kept); undefined when none would be left. */
export function withoutSteps(yaml: string, dropped: ReadonlySet<string>): string | undefined {
  if (dropped.size === 0) return yaml;
  const doc = parseDocument(yaml);
  const steps = isMap(doc.contents) ? doc.contents.get('steps') : undefined;
  if (!isSeq(steps)) return yaml;
  steps.items = steps.items.filter((item, index) => {
    const id = isMap(item) ? (item as YAMLMap).get('id') : undefined;
    return !dropped.has(typeof id === 'string' || typeof id === 'number' ? String(id) : String(index + 1));
  });
  return steps.items.length === 0 ? undefined : doc.toString();
}

function where(r: ImportMemoReference): string {
  const lines = r.startLine === undefined ? '' : `:${r.startLine}${r.endLine !== undefined && r.endLine !== r.startLine ? `-${r.endLine}` : ''}`;
  return `${r.file ?? ''}${lines}`;
}

function button(type: string, label: string, options: { primary?: boolean; disabled?: boolean; step?: string; title?: string } = {}): string {
  return actionButton(type, label, { ...options, ...(options.step !== undefined ? { data: { step: options.step } } : {}) });
}

export function renderReview(model: ReviewModel, resources: WebviewResources & { t: Translate }): string {
  const t = resources.t;
  const openable = openableReferences(model);
  // Where a reference landed (or the file it names), as a button that opens it there.
  const open = (r: ImportMemoReference) => actionButton('openReference', where(r), { data: { ref: String(openable.indexOf(r)) }, title: t('Open {0}', where(r)) });
  const kept = model.steps.filter((s) => !model.dropped.has(s.id)).length;
  const header = `<header><h1>${escapeHtml(t('Import from {0}', model.memo))}</h1>
<p>${escapeHtml(model.written ? t('{0} of {1} steps written to {2}; {3} references could not be placed.', kept, model.steps.length, model.out, model.unplaced.length) : t('{0} of {1} steps will be written to {2}; {3} references could not be placed. Nothing is written until you choose Write.', kept, model.steps.length, model.out, model.unplaced.length))}</p>
<div class="actions">${model.written ? `<span class="written">${escapeHtml(t('Written to {0}.', model.out))}</span> ${button('start', t('Start Walkthrough'), { primary: true })}` : button('write', model.exists ? t('Update {0}', model.out) : t('Write {0}', model.out), { primary: true, disabled: kept === 0 })} ${button('showYaml', t('Show YAML'))}</div></header>`;
  const steps = model.steps
    .map((step, i) => {
      const dropped = model.dropped.has(step.id);
      const refs = step.references
        .map((r) => `<li><span class="memo-line">${escapeHtml(t('memo line {0}', r.memoLine))}</span> <code>${escapeHtml(r.reference)}</code> → ${open(r)}${r.symbol ? ` <span class="symbol">${escapeHtml(r.symbol)}</span>` : ''} <span class="how">${escapeHtml(r.how ?? '')}</span>${r.snippet ? `<pre class="snippet">${escapeHtml(r.snippet)}</pre>` : ''}</li>`)
        .join('');
      const place = step.file ? `<code>${escapeHtml(step.file)}${step.lines ? `:${escapeHtml(step.lines)}` : ''}</code>${step.symbol ? ` · ${escapeHtml(step.symbol)}` : ''}` : escapeHtml(t('talking points only'));
      return `<section class="review-step${dropped ? ' dropped' : ''}" data-step="${escapeHtml(step.id)}">
<h2>${i + 1}. ${escapeHtml(step.title)}</h2>
${step.question ? `<p class="question">${escapeHtml(t('Q: {0}', step.question))}</p>` : ''}
<p class="place">${place}</p>
${refs ? `<ul class="references">${refs}</ul>` : ''}
<div class="actions">${model.written ? '' : button('toggle', dropped ? t('Keep This Step') : t('Drop This Step'), { step: step.id })}${dropped ? ` <span class="dropped-note">${escapeHtml(t('dropped: not written'))}</span>` : ''}</div>
</section>`;
    })
    .join('\n');
  const unplaced = model.unplaced.length
    ? `<section class="unplaced"><h2>${escapeHtml(t('Not placed ({0})', model.unplaced.length))}</h2><ul>${model.unplaced
        .map((r) => `<li><span class="memo-line">${escapeHtml(t('memo line {0}', r.memoLine))}</span> <code>${escapeHtml(r.reference)}</code>: ${escapeHtml(r.reason ?? t('not found'))}${r.file !== undefined ? ` ${open(r)}` : ''}</li>`)
        .join('')}</ul></section>`
    : '';
  return webviewPage(resources, { title: t('Import from {0}', model.memo), bodyClass: 'roomy', body: `${header}\n${steps}\n${unplaced}` });
}
