// The "Practice Progress" page (pure, unit-tested): reviews per day as a calendar heatmap,
// retention by week, the 14-day due forecast and mastery per walkthrough, drawn as local inline
// SVG (no scripts needed to draw, no remote resources) under the step card's strict CSP.
// Walkthrough titles are untrusted: escaped everywhere, including SVG <title> tooltips.
import { escapeHtml } from '../views/markdown';
import { webviewPage, type WebviewResources } from '../views/stepCardHtml';
import { S } from './strings';
import { dayLabel, startOfDay, type DayCount, type WeekRetention } from './stats';

export interface ProgressModel {
  now: number;
  days: DayCount[];
  retention: WeekRetention[];
  forecast: DayCount[];
  mastery: { title: string; counts: { new: number; learning: number; mastered: number }; total: number }[];
  /** THE due number (schedule.ts's `practiceToday`): the status bar's, the tree's, the card's. */
  due: number;
  /** New questions still allowed today, counted apart. */
  newToday?: number;
  totalReviews: number;
}

export type ProgressMessageType = 'practiceDue' | 'progressExport' | 'progressImport';

const CELL = 12;
const GAP = 3;

/** Heat level 0–4 relative to the busiest day. */
export function heatLevel(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((count / max) * 4)));
}

function heatmap(model: ProgressModel): string {
  const max = Math.max(0, ...model.days.map((d) => d.count));
  const weeks = Math.ceil(model.days.length / 7);
  const today = startOfDay(model.now);
  const cells = model.days
    .map((d, i) => {
      const x = Math.floor(i / 7) * (CELL + GAP);
      const y = (i % 7) * (CELL + GAP);
      const future = d.day > today ? ' future' : '';
      return `<rect class="heat l${heatLevel(d.count, max)}${future}" x="${x}" y="${y}" width="${CELL}" height="${CELL}" rx="2" data-day="${dayLabel(d.day)}" data-count="${d.count}"><title>${escapeHtml(S.dayReviews(dayLabel(d.day), d.count))}</title></rect>`;
    })
    .join('');
  const width = weeks * (CELL + GAP);
  const height = 7 * (CELL + GAP);
  const active = model.days.filter((d) => d.count > 0).length;
  const total = model.days.reduce((n, d) => n + d.count, 0);
  return `<section class="chart heatmap"><h3>${escapeHtml(S.heatmapTitle)}</h3>
<svg role="img" aria-label="${escapeHtml(S.heatmapCaption(total, active))}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${cells}</svg>
<p class="hint">${escapeHtml(S.heatmapCaption(total, active))}</p></section>`;
}

function bars(values: { label: string; value: number; max: number; title: string; text: string }[], className: string): string {
  const width = 30;
  const height = 80;
  const rects = values
    .map((v, i) => {
      const h = v.max > 0 ? Math.round((v.value / v.max) * height) : 0;
      const x = i * (width + 8);
      return `<g><rect class="bar" x="${x}" y="${height - h}" width="${width}" height="${Math.max(h, 0)}"><title>${escapeHtml(v.title)}</title></rect><text class="bar-value" x="${x + width / 2}" y="${height - h - 3}" text-anchor="middle">${escapeHtml(v.text)}</text><text class="bar-label" x="${x + width / 2}" y="${height + 12}" text-anchor="middle">${escapeHtml(v.label)}</text></g>`;
    })
    .join('');
  const total = values.length * (width + 8);
  return `<svg class="${className}" role="img" width="${total}" height="${height + 16}" viewBox="0 -12 ${total} ${height + 28}">${rects}</svg>`;
}

function retention(model: ProgressModel): string {
  const values = model.retention.map((w) => {
    const label = dayLabel(w.week).slice(5);
    const share = w.retention;
    return { label, value: share ?? 0, max: 1, title: S.weekRetention(dayLabel(w.week), share, w.reviews), text: share === undefined ? '–' : `${Math.round(share * 100)}%` };
  });
  return `<section class="chart retention"><h3>${escapeHtml(S.retentionTitle)}</h3>${bars(values, 'retention-bars')}<p class="hint">${escapeHtml(S.retentionCaption)}</p></section>`;
}

function forecast(model: ProgressModel): string {
  // The first bar is "now": the due number itself; the days after count cards coming due later.
  const max = Math.max(1, model.due, ...model.forecast.map((d) => d.count));
  const now = { label: S.now, value: model.due, max, title: S.dueOn(S.now, model.due), text: model.due ? String(model.due) : '' };
  const values = [now, ...model.forecast.map((d, i) => ({
    label: i === 0 ? S.today : String(new Date(d.day).getDate()),
    value: d.count,
    max,
    title: S.dueOn(i === 0 ? S.today : dayLabel(d.day), d.count),
    text: d.count ? String(d.count) : '',
  }))];
  const counts = `<p class="due-now" data-due="${model.due}" data-new="${model.newToday ?? 0}">${escapeHtml(S.dueNowAndNew(model.due, model.newToday ?? 0))}</p>`;
  return `<section class="chart forecast"><h3>${escapeHtml(S.forecastTitle)}</h3>${counts}${bars(values, 'forecast-bars')}<p class="hint">${escapeHtml(S.forecastCaption)}</p></section>`;
}

function mastery(model: ProgressModel): string {
  const width = 220;
  const rows = model.mastery
    .map((m) => {
      const scale = (n: number) => (m.total > 0 ? (n / m.total) * width : 0);
      const mastered = scale(m.counts.mastered);
      const learning = scale(m.counts.learning);
      const fresh = scale(m.counts.new);
      const tip = `${m.title}: ${m.counts.mastered} ${S.masteryLegend.mastered}, ${m.counts.learning} ${S.masteryLegend.learning}, ${m.counts.new} ${S.masteryLegend.new}`;
      return `<tr><td class="mastery-title">${escapeHtml(m.title)}</td><td><svg role="img" aria-label="${escapeHtml(tip)}" width="${width}" height="12" viewBox="0 0 ${width} 12"><title>${escapeHtml(tip)}</title><rect class="m-mastered" x="0" y="0" width="${mastered.toFixed(1)}" height="12"/><rect class="m-learning" x="${mastered.toFixed(1)}" y="0" width="${learning.toFixed(1)}" height="12"/><rect class="m-new" x="${(mastered + learning).toFixed(1)}" y="0" width="${fresh.toFixed(1)}" height="12"/></svg></td><td class="mastery-count">${m.counts.mastered}/${m.total}</td></tr>`;
    })
    .join('\n');
  const legend = `<p class="legend"><span class="swatch m-mastered"></span>${escapeHtml(S.masteryLegend.mastered)} <span class="swatch m-learning"></span>${escapeHtml(S.masteryLegend.learning)} <span class="swatch m-new"></span>${escapeHtml(S.masteryLegend.new)}</p>`;
  return `<section class="chart mastery"><h3>${escapeHtml(S.masteryTitle)}</h3><table class="mastery-table">${rows}</table>${legend}</section>`;
}

export function renderProgress(model: ProgressModel, resources: WebviewResources & { progressStyleUri: string }): string {
  const empty = model.totalReviews === 0 ? `<p class="hint empty">${escapeHtml(S.noReviewsYet)}</p>` : '';
  const button = (action: ProgressMessageType, label: string, primary = false) =>
    `<button class="button ${primary ? 'primary' : 'secondary'}" data-action="${action}">${escapeHtml(label)}</button>`;
  const body = `<h2 class="title">${escapeHtml(S.progressTitle)}</h2>
${empty}
<nav class="actions">${model.due + (model.newToday ?? 0) > 0 ? button('practiceDue', S.practiseDue(model.due, model.newToday ?? 0), true) : ''}${button('progressExport', S.export)}${button('progressImport', S.import)}</nav>
${heatmap(model)}
${retention(model)}
${forecast(model)}
${mastery(model)}`;
  return webviewPage(resources, { title: S.progressTitle, bodyClass: 'progress-page', body, extraStyleUris: [resources.progressStyleUri] });
}
