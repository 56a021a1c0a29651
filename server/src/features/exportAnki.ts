/**
 * Practice cards for Anki: one note per step (Basic note type) in Anki's documented plain-text
 * import format with file headers — `#separator:tab`, `#html:true`, `#columns:…`, `#guid column:1`,
 * `#tags column:4`, `#notetype:Basic`, `#deck:…` — so the file imports on desktop Anki (2.1.55+)
 * and, synced, on AnkiMobile and AnkiDroid, with no add-on and no binary `.apkg` writer (a text
 * file the user can read, diff and review before importing; the GUID column is what makes a second
 * import update the notes instead of adding duplicates).
 *
 * Front: the step's question (else its title). Back: the talking points (or the memo section),
 * then `file:line` and the code. Fields are HTML: untrusted markdown goes through the export's
 * sanitizing renderer (raw HTML escaped, images dropped, links only to http(s)) and code is
 * escaped, so no card can run a script or load a remote resource — Anki renders cards in a web
 * view with scripts on.
 */
import { createHash } from 'node:crypto';
import { t } from '../core/l10n';
import { escapeHtml, markdownHtml, type ExportDocument } from './exportWalkthrough';

export const ANKI_LABELS = {
  get deck() { return t('Code Walkthroughs'); },
  get fromMemo() { return t('From the memo'); },
  get notPlaced() { return t('The code of this step was not found in the current code.'); },
};

/** The note's GUID: the same walkthrough and step give the same GUID, in every export. */
export function ankiGuid(walkthroughId: string, stepId: string): string {
  const digest = createHash('sha256').update(`code-walkthroughs\u0000${walkthroughId}\u0000${stepId}`).digest('base64url');
  return `cw-${digest.slice(0, 22)}`;
}

/** A tag Anki keeps as one tag: no spaces (they separate tags), no quotes; `::` makes a hierarchy. */
export function ankiTag(walkthroughId: string): string {
  const name = walkthroughId.normalize('NFC').replace(/[\s"\u0000-\u001f\u007f]+/g, '_').replace(/:{2,}/g, ':');
  return `walkthrough::${name || '_'}`;
}

/**
 * One field: HTML on one line (line breaks as `<br>`, tabs as entities), quoted with `"` and
 * inner quotes doubled, so neither the separator nor a line break can split a note.
 */
function field(html: string): string {
  const oneLine = html.replace(/\r\n?|\n/g, '<br>').replace(/\t/g, '&#9;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/g, ' ');
  return `"${oneLine.replace(/"/g, '""')}"`;
}

function headerValue(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
}

/** Markdown rendered, trimmed; the renderer's line breaks between blocks are dropped (HTML needs none). */
function html(markdown: string): string {
  return markdownHtml(markdown).trim().replace(/>\n+</g, '><');
}

export interface AnkiDeck {
  text: string;
  notes: number;
}

/** The deck file for the given walkthroughs (their steps in order). */
export function renderAnkiDeck(docs: readonly ExportDocument[], options: { deck?: string } = {}, labels = ANKI_LABELS): AnkiDeck {
  const lines = [
    '#separator:tab',
    '#html:true',
    '#notetype:Basic',
    `#deck:${headerValue(options.deck ?? labels.deck)}`,
    '#columns:GUID\tFront\tBack\tTags',
    '#guid column:1',
    '#tags column:4',
  ];
  let notes = 0;
  for (const doc of docs) {
    const walkthroughId = doc.id ?? doc.title;
    for (const step of doc.steps) {
      const front = step.question ? html(step.question) : `<p>${escapeHtml(step.title)}</p>`;
      const back: string[] = [`<p><b>${escapeHtml(doc.title)}</b> · ${escapeHtml(step.title)}</p>`];
      if (step.points) back.push(html(step.points));
      else if (step.section) back.push(`<p><i>${escapeHtml(labels.fromMemo)}: ${escapeHtml(step.section.heading)}</i></p>`, html(step.section.body));
      if (step.code) {
        const where = `${step.code.file}:${step.code.startLine}${step.code.endLine > step.code.startLine ? `-${step.code.endLine}` : ''}`;
        back.push(`<p><code>${escapeHtml(where)}</code></p>`, `<pre><code>${escapeHtml(step.code.text)}</code></pre>`);
      } else if (step.statusMessage) {
        back.push(`<p><i>${escapeHtml(labels.notPlaced)}</i></p>`);
      }
      const guid = ankiGuid(walkthroughId, step.id ?? String(step.position));
      lines.push([guid, field(front), field(back.join('')), ankiTag(walkthroughId)].join('\t'));
      notes++;
    }
  }
  return { text: `${lines.join('\n')}\n`, notes };
}
