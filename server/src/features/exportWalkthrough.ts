/**
 * "Export Walkthrough…" and `walkthrough export`: one document to revise from away from the editor —
 * the title, then per step the question, the talking points (inline points and/or the memo
 * section) and the anchored code excerpt with `file:line`. Markdown, or a self-contained HTML page
 * that reads well on a phone and prints cleanly.
 *
 * `gatherExport` reads through the engine; `renderExportMarkdown` / `renderExportHtml` are pure.
 * All content is untrusted: the Markdown has raw HTML escaped and `command:` links defused; the
 * HTML is rendered by markdown-it with HTML off, links only to http(s), no images, no scripts,
 * no remote resources, and a Content Security Policy that forbids everything but its own style.
 */
import { getLocale, plural, t } from '../core/l10n';
import { createHash } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import type { LoadedWalkthrough, WalkthroughEngine } from '../core/engine';
import { formatLines } from '../core/format/parseWalkthrough';
import { relativePath } from '../../../common/src/paths';
import { splitLines } from '../core/text';
import type { StepStatus } from '../core/types';
import { highlightLines } from './highlight';
import { codeSpan, fence, languageOf, untrustedMarkdown } from './markdown';
import { imagesAsAltText } from '../../../common/src/markdownText';
import { isPlaced } from '../core/steps';

export type ExportFormat = 'md' | 'html';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['md', 'html'];

/** Code excerpts longer than this are cut (the document is for revising, not for reading the code base). */
export const MAX_EXCERPT_LINES = 40;

/** Every user-facing string of the exported document, in one place (for localization). */
export const EXPORT_LABELS = {
  get question() { return t('Question'); },
  get points() { return t('Talking points'); },
  get fromMemo() { return t('From memo'); },
  get step() { return t('Step'); },
  get of() { return t('of'); },
  get contentOnly() { return t('No code location.'); },
  get notPlaced() { return t('The code for this step was not found'); },
  moreLines: (n: number) => plural(n, '… {0} more line', '… {0} more lines'),
  get source() { return t('Exported from'); },
};

export interface ExportStep {
  position: number;
  /** The step's id (explicit, else its 1-based position): what practice and Anki notes are keyed by. */
  id?: string;
  title: string;
  status: StepStatus;
  statusMessage?: string;
  question?: string;
  points?: string;
  section?: { heading: string; memo: string; body: string };
  /** The anchored code as it is now, `file` relative to the workspace folder, lines 1-based. */
  code?: { file: string; startLine: number; endLine: number; text: string; language: string; omitted: number };
}

export interface ExportDocument {
  /** The walkthrough's id. */
  id?: string;
  /** Code files whose excerpts come from an open editor with unsaved changes (relative paths). */
  unsaved?: string[];
  title: string;
  description?: string;
  /** The walkthrough file, relative to its workspace folder. */
  source: string;
  steps: ExportStep[];
}

export async function gatherExport(engine: WalkthroughEngine, walkthrough: LoadedWalkthrough): Promise<ExportDocument> {
  const rel = (file: string) => relativePath(walkthrough.folder, file);
  const steps: ExportStep[] = [];
  for (const step of walkthrough.steps) {
    const item: ExportStep = { position: step.spec.index + 1, id: step.spec.id, title: step.title, status: step.status };
    if (step.statusMessage && !isPlaced(step)) item.statusMessage = step.statusMessage;
    if (step.spec.question?.trim()) item.question = step.spec.question.trim();
    if (step.spec.points?.trim()) item.points = step.spec.points.trim();
    if (step.section && step.memoFile) item.section = { heading: step.section.heading, memo: rel(step.memoFile), body: step.section.body.trim() };
    if (isPlaced(step)) {
      const text = await engine.readText(step.file);
      if (text.kind === 'text') {
        const lines = splitLines(text.text);
        const last = Math.min(step.span.end, step.span.start + MAX_EXCERPT_LINES - 1);
        item.code = {
          file: rel(step.file),
          startLine: step.span.start + 1,
          endLine: step.span.end + 1,
          text: lines.slice(step.span.start, last + 1).join('\n'),
          language: languageOf(step.file),
          omitted: step.span.end - last,
        };
      }
    }
    steps.push(item);
  }
  const document: ExportDocument = { id: walkthrough.spec.id, title: walkthrough.spec.title, source: rel(walkthrough.file), steps };
  const files = [...new Set(walkthrough.steps.filter((step) => isPlaced(step) && step.file !== undefined).map((step) => step.file!))];
  const unsaved: string[] = [];
  for (const file of files) if (await engine.isUnsaved(file)) unsaved.push(rel(file));
  if (unsaved.length) document.unsaved = unsaved;
  if (walkthrough.spec.description?.trim()) document.description = walkthrough.spec.description.trim();
  return document;
}

function location(code: NonNullable<ExportStep['code']>): string {
  return `${code.file}:${formatLines({ start: code.startLine - 1, end: code.endLine - 1 })}`;
}

/**
 * Untrusted markdown for the exported Markdown: raw HTML escaped, `command:` defused, and any
 * link whose target has a scheme other than http(s) made inert (inline and reference links).
 */
function safeMarkdown(markdown: string): string {
  const inert = (match: string, scheme: string) => (/^https?$/i.test(scheme) ? match : `${match.slice(0, -1)}\u200b:`);
  return untrustedMarkdown(markdown)
    .replace(/\]\(\s*<?([a-z][a-z0-9+.-]*):/gi, inert)
    .replace(/^(\s{0,3}\[[^\]\n]+\]:\s*<?)([a-z][a-z0-9+.-]*):/gim, (match: string, _lead: string, scheme: string) => inert(match, scheme));
}

/** One line of plain text for a Markdown heading: no markup, no line breaks. */
function headingText(text: string): string {
  return safeMarkdown(text.replace(/\s+/g, ' ').trim()).replace(/^#+\s*/, '');
}

export function renderExportMarkdown(doc: ExportDocument, labels = EXPORT_LABELS): string {
  const out: string[] = [`# ${headingText(doc.title)}`, ''];
  if (doc.description) out.push(safeMarkdown(doc.description), '');
  for (const step of doc.steps) {
    out.push(`## ${step.position}. ${headingText(step.title)}`, '');
    if (step.question) out.push(`**${labels.question}:** ${safeMarkdown(step.question)}`, '');
    if (step.points) out.push(safeMarkdown(step.points), '');
    if (step.section) out.push(`*${labels.fromMemo}: ${headingText(step.section.heading)} (${headingText(step.section.memo)})*`, '', safeMarkdown(step.section.body), '');
    if (step.code) {
      out.push(codeSpan(location(step.code)), '', fence(step.code.text, step.code.language));
      if (step.code.omitted > 0) out.push('', `*${labels.moreLines(step.code.omitted)}*`);
      out.push('');
    } else if (step.statusMessage) {
      out.push(`> ${labels.notPlaced} (${step.status}): ${safeMarkdown(step.statusMessage).replace(/\n/g, ' ')}`, '');
    }
  }
  out.push('---', '', `*${labels.source}* ${codeSpan(doc.source)}`, '');
  return out.join('\n');
}

const ALLOWED_LINK = /^https?:\/\//i;

function createRenderer(): MarkdownIt.MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  // Images would be remote resources (and the CSP blocks them anyway): they show as their alt text.
  imagesAsAltText(md, (url) => ALLOWED_LINK.test(url.trim()));
  const open = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx]!.attrSet('rel', 'noopener noreferrer nofollow');
    return open(tokens, idx, options, env, self);
  };
  return md;
}

let renderer: MarkdownIt.MarkdownIt | undefined;
/** Untrusted markdown as HTML: raw HTML escaped, images dropped, links only to http(s). */
export function markdownHtml(source: string): string {
  renderer ??= createRenderer();
  return renderer.render(source);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --code-bg: #f6f8fa; --border: #d1d9e0; --accent: #0969da; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --code-bg: #161b22; --border: #3d444d; --accent: #4493f8; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.6 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.3; margin: 0.5rem 0 0.75rem; }
.description { color: var(--muted); }
section.step { border-top: 1px solid var(--border); padding: 1rem 0 0.5rem; margin-top: 1rem; }
h2 { font-size: 1.2rem; line-height: 1.35; margin: 0 0 0.6rem; }
h2 .n { color: var(--muted); font-weight: 600; margin-right: 0.35rem; }
.question { border-left: 4px solid var(--accent); padding: 0.4rem 0.75rem; margin: 0.5rem 0 0.75rem; background: var(--code-bg); border-radius: 0 6px 6px 0; }
.label { display: block; font-size: 0.75rem; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); margin-bottom: 0.15rem; }
.memo-source { font-size: 0.85rem; color: var(--muted); }
.where { font: 0.85rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); overflow-wrap: anywhere; margin: 0.75rem 0 0.25rem; }
pre { background: var(--code-bg); border: 1px solid var(--border); border-radius: 6px; padding: 0.6rem 0.75rem; overflow-x: auto; tab-size: 4; font: 0.82rem/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
pre code { font-size: inherit; }
pre.excerpt .ln { display: block; white-space: pre; }
pre.excerpt .ln::before { content: attr(data-n); display: inline-block; min-width: 2.5em; margin-right: 0.9em; text-align: right; color: var(--muted); user-select: none; }
.hl-keyword, .hl-meta .hl-keyword, .hl-selector-tag { color: #cf222e; }
.hl-string, .hl-regexp, .hl-meta .hl-string { color: #0a3069; }
.hl-comment, .hl-quote { color: #59636e; font-style: italic; }
.hl-number, .hl-literal, .hl-symbol, .hl-variable.language_ { color: #0550ae; }
.hl-title, .hl-title.function_, .hl-title.class_, .hl-section { color: #6639ba; }
.hl-type, .hl-built_in, .hl-params .hl-type { color: #953800; }
.hl-attr, .hl-attribute, .hl-property { color: #0550ae; }
.hl-meta { color: #59636e; }
@media (prefers-color-scheme: dark) {
  .hl-keyword, .hl-selector-tag { color: #ff7b72; } .hl-string, .hl-regexp { color: #a5d6ff; } .hl-comment, .hl-quote { color: #9198a1; }
  .hl-number, .hl-literal, .hl-symbol, .hl-attr, .hl-attribute, .hl-property { color: #79c0ff; } .hl-title, .hl-section { color: #d2a8ff; } .hl-type, .hl-built_in { color: #ffa657; }
}
.missing { color: #b35900; }
a { color: var(--accent); overflow-wrap: anywhere; }
footer { margin-top: 2rem; font-size: 0.8rem; color: var(--muted); overflow-wrap: anywhere; }
img { max-width: 100%; }
@media (max-width: 480px) { body { font-size: 15px; } main { padding: 0.75rem 0.75rem 2rem; } pre { font-size: 0.75rem; } }
@media print {
  :root { --fg: #000; --muted: #444; --bg: #fff; --code-bg: #fff; --border: #999; --accent: #000; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  section.step { break-inside: avoid-page; page-break-inside: avoid; }
  h2 { break-after: avoid-page; page-break-after: avoid; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; overflow: visible; }
  pre.excerpt .ln { white-space: pre-wrap; }
  a { text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.8em; color: var(--muted); }
}
`.trim();

/** The Content Security Policy of the exported page: nothing loads or runs but its own style block. */
export function exportCsp(css = CSS): string {
  const hash = createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src 'none'; script-src 'none'; form-action 'none'; base-uri 'none'`;
}

export function renderExportHtml(doc: ExportDocument, labels = EXPORT_LABELS, lang = getLocale() === 'zh-cn' ? 'zh-CN' : 'en'): string {
  const parts: string[] = [];
  parts.push(`<h1>${escapeHtml(doc.title)}</h1>`);
  if (doc.description) parts.push(`<div class="description">${markdownHtml(doc.description)}</div>`);
  for (const step of doc.steps) {
    const body: string[] = [`<h2><span class="n">${step.position}.</span>${escapeHtml(step.title)}</h2>`];
    if (step.question) body.push(`<div class="question"><span class="label">${escapeHtml(labels.question)}</span>${markdownHtml(step.question)}</div>`);
    if (step.points || step.section) {
      body.push(`<div class="points"><span class="label">${escapeHtml(labels.points)}</span>`);
      if (step.points) body.push(markdownHtml(step.points));
      if (step.section) {
        body.push(`<p class="memo-source">${escapeHtml(labels.fromMemo)}: ${escapeHtml(step.section.heading)} (${escapeHtml(step.section.memo)})</p>`);
        body.push(markdownHtml(step.section.body));
      }
      body.push('</div>');
    }
    if (step.code) {
      const coloured = highlightLines(step.code.text, step.code.language) ?? step.code.text.split('\n').map(escapeHtml);
      const lines = coloured.map((line, i) => `<span class="ln" data-n="${step.code!.startLine + i}">${line}</span>`);
      body.push(`<p class="where">${escapeHtml(location(step.code))}</p>`);
      body.push(`<pre class="excerpt"><code>${lines.join('')}</code></pre>`);
      if (step.code.omitted > 0) body.push(`<p class="memo-source">${escapeHtml(labels.moreLines(step.code.omitted))}</p>`);
    } else if (step.statusMessage) {
      body.push(`<p class="missing">${escapeHtml(labels.notPlaced)} (${escapeHtml(step.status)}): ${escapeHtml(step.statusMessage)}</p>`);
    }
    parts.push(`<section class="step">\n${body.join('\n')}\n</section>`);
  }
  parts.push(`<footer>${escapeHtml(labels.source)} ${escapeHtml(doc.source)}</footer>`);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${exportCsp()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(doc.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${parts.join('\n')}
</main>
</body>
</html>
`;
}

export function renderExport(doc: ExportDocument, format: ExportFormat): string {
  return format === 'html' ? renderExportHtml(doc) : renderExportMarkdown(doc);
}
