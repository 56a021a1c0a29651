/**
 * Finds the code references in a markdown memo by walking markdown-it's token stream: headings
 * (the current section), links, inline code, fenced code and line mentions in prose. Pure: no I/O.
 *
 * The memo is cut into units: a heading, a paragraph (or list item, table cell) or a code block.
 * Each unit carries what it cites — paths (with a line when the link gives one), line mentions,
 * inline code (declaration names, call expressions) and the code of a fence — and the section
 * and interviewer question it belongs to. The importer decides what each unit points at.
 */
import MarkdownIt from 'markdown-it';
import { looksLikeCodePath, parseCodeLink, parseWebCodeLink, type CodeLink } from '../codePaths';
import { splitLines } from '../text';

type Token = MarkdownIt.Token;

export interface PathMention {
  /** As written in the memo (a link target, inline code or a word). */
  raw: string;
  link: CodeLink;
  kind: 'link' | 'path';
  /** A declaration written with the path: `order.go:ExecuteLocalTransaction`. */
  name?: string;
}

export interface LineMention {
  raw: string;
  /** 1-based, inclusive. */
  start: number;
  end: number;
}

export interface MemoHeading {
  text: string;
  level: number;
  /** 0-based memo line. */
  line: number;
}

export interface MemoUnit {
  kind: 'heading' | 'text' | 'code';
  /** 0-based memo line where the unit starts. */
  line: number;
  /** The unit as plain text (links reduced to their labels, code spans to their code). */
  text: string;
  paths: PathMention[];
  lines: LineMention[];
  /** Inline code that is not a path: declaration names and code expressions. */
  names: string[];
  /** For code units: the fence's language (may be empty) and its code. */
  code?: { language: string; text: string };
  /** For headings: the level. */
  level?: number;
  /** The nearest heading above (for a heading unit: itself). */
  section?: MemoHeading;
  /** The interviewer question in force here (a heading ending in ？, or "面试官问…"). */
  question?: string;
}

const markdown = new MarkdownIt({ html: false });
// Nothing is rendered here: every link target is read, `file:` included (markdown-it drops those by default).
markdown.validateLink = () => true;

/** Fence languages that are not code a step could point at. */
const NOT_CODE = new Set(['text', 'txt', 'plain', 'plaintext', 'console', 'output', 'log', 'mermaid', 'markdown', 'md', 'diff']);

import { cleanQuestion } from './naming';

const LINE_MENTION = /\b(?:Lines?|L)\s?(\d{1,6})(?:\s*[-–~]\s*L?(\d{1,6}))?|第\s*(\d{1,6})\s*(?:[-–~到至]\s*(\d{1,6})\s*)?行/gi;
const QUESTION_LEAD = /^(?:面试官?(?:问|追问|问题|会问|提问)|追问|面试题|问题|interview(?:er)?\s*(?:asks?|question)|q)\s*(?:[:：]|到|\b)/i;

export interface MemoScan {
  units: MemoUnit[];
  headings: MemoHeading[];
  /** The first level-1 heading, else the first heading. */
  title?: string;
}

export function scanMemo(text: string): MemoScan {
  const source = blankFrontMatter(splitLines(text)).join('\n');
  const tokens = markdown.parse(source, {});
  const units: MemoUnit[] = [];
  const headings: MemoHeading[] = [];
  let section: MemoHeading | undefined;
  let question: { text: string; level: number } | undefined;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open' && token.map) {
      const inline = tokens[i + 1];
      const level = Number(token.tag.slice(1));
      const unit = inlineUnit(inline, token.map[0]);
      section = { text: unit.text.trim(), level, line: token.map[0] };
      headings.push(section);
      // A question heading holds for its subsections; any other heading at its level or above ends it.
      if (question && level <= question.level) question = undefined;
      const asked = isQuestionHeading(section.text) ? cleanQuestion(section.text) : undefined;
      if (asked) question = { text: asked, level };
      units.push({ ...unit, kind: 'heading', level, section, ...(question ? { question: question.text } : {}) });
      i += 2;
      continue;
    }
    if (token.type === 'inline' && token.map) {
      const unit = inlineUnit(token, token.map[0]);
      const asked = questionIn(unit.text);
      if (asked) question = { text: asked, level: section?.level ?? 0 };
      units.push({ ...unit, ...(section ? { section } : {}), ...(question ? { question: question.text } : {}) });
      continue;
    }
    if ((token.type === 'fence' || token.type === 'code_block') && token.map) {
      const language = token.type === 'fence' ? token.info.trim().split(/\s+/)[0]!.toLowerCase() : '';
      if (NOT_CODE.has(language)) continue;
      units.push({
        kind: 'code',
        line: token.map[0],
        text: token.content,
        paths: [],
        lines: [],
        names: [],
        code: { language, text: token.content },
        ...(section ? { section } : {}),
        ...(question ? { question: question.text } : {}),
      });
    }
  }
  const title = headings.find((h) => h.level === 1)?.text ?? headings[0]?.text;
  return { units, headings, ...(title ? { title } : {}) };
}

/**
 * Does the memo cite code, enough to offer an import: a path to a code file and at least one more
 * reference (another path or a code block)? A README with one shell snippet does not.
 */
export function hasCodeReferences(scan: MemoScan): boolean {
  const paths = scan.units.reduce((n, unit) => n + unit.paths.length, 0);
  const blocks = scan.units.filter((unit) => unit.kind === 'code' && !/^(?:sh|bash|shell|zsh|console|powershell|ps1|bat|cmd)$/.test(unit.code!.language)).length;
  return paths >= 1 && paths + blocks >= 2;
}

function inlineUnit(inline: Token | undefined, line: number): MemoUnit {
  const unit: MemoUnit = { kind: 'text', line, text: '', paths: [], lines: [], names: [] };
  const text: string[] = [];
  let inLink = 0;
  for (const child of inline?.children ?? []) {
    switch (child.type) {
      case 'link_open': {
        inLink++;
        const href = String(child.attrGet('href') ?? '');
        const link = parseCodeLink(href) ?? parseWebCodeLink(href);
        if (link && looksLikeCodePath(link.path)) unit.paths.push({ raw: href, link, kind: 'link' });
        break;
      }
      case 'link_close':
        inLink = Math.max(0, inLink - 1);
        break;
      case 'code_inline': {
        text.push(child.content);
        if (inLink) break;
        const mention = codePathMention(child.content);
        if (mention) unit.paths.push(mention);
        else if (child.content.trim()) unit.names.push(child.content.trim());
        break;
      }
      case 'text': {
        text.push(child.content);
        if (inLink) break;
        unit.lines.push(...lineMentions(child.content));
        for (const word of child.content.match(/[\w@~./\\:-]+/g) ?? []) {
          const trimmed = word.replace(/[.:,)]+$/, '');
          if (looksLikeCodePath(trimmed) && trimmed.includes('.')) unit.paths.push({ raw: trimmed, link: parseCodeLink(trimmed)!, kind: 'path' });
        }
        break;
      }
      case 'softbreak':
      case 'hardbreak':
        text.push(' ');
        break;
    }
  }
  unit.text = text.join('');
  return unit;
}

/** `a/b.go`, `a/b.go:353`, `a/b.go:Name`, `a/b.go: Line 353` in inline code. */
function codePathMention(code: string): PathMention | undefined {
  const trimmed = code.trim();
  const m = /^(\S+?\.[A-Za-z0-9]+)(?::\s*(.+))?$/.exec(trimmed);
  if (!m || !looksLikeCodePath(m[1]!)) return undefined;
  const rest = m[2]?.trim();
  const link = parseCodeLink(/^\d+(?:-\d+)?$/.test(rest ?? '') ? `${m[1]}:${rest}` : m[1]!)!;
  if (rest && !link.line) {
    const line = lineMentions(rest)[0];
    if (line) return { raw: trimmed, link: { ...link, line: line.start, endLine: line.end }, kind: 'path' };
    if (/^[A-Za-z_][\w.]*$/.test(rest)) return { raw: trimmed, link, kind: 'path', name: rest };
  }
  return { raw: trimmed, link, kind: 'path' };
}

export function lineMentions(text: string): LineMention[] {
  const found: LineMention[] = [];
  for (const m of text.matchAll(LINE_MENTION)) {
    const start = Number(m[1] ?? m[3]);
    const end = Number(m[2] ?? m[4] ?? start);
    if (start >= 1) found.push({ raw: m[0].trim(), start, end: end >= start ? end : start });
  }
  return found;
}

function isQuestionHeading(heading: string): boolean {
  return /[？?]\s*(?:[)）】」』]\s*)?$/.test(heading) || QUESTION_LEAD.test(heading);
}

/** "面试官问到“如何保证高并发下不超卖”时" → the quoted question; "面试问题：X？" → "X？". */
function questionIn(text: string): string | undefined {
  const plain = text.trim();
  if (!QUESTION_LEAD.test(plain)) return undefined;
  // Only a sentence that is a question (see naming.ts): "下单" in quotes is not one.
  const quoted = /[“"「『]([^”"」』]{2,200})[”"」』]/.exec(plain)?.[1];
  if (quoted) return cleanQuestion(/[？?]$/.test(quoted) ? quoted : `${quoted}？`);
  return cleanQuestion(plain);
}

/** YAML front matter would otherwise read as text or a setext heading; keep line numbers. */
function blankFrontMatter(lines: string[]): string[] {
  if (lines[0]?.trim() !== '---') return lines;
  const close = lines.findIndex((line, i) => i > 0 && (line.trim() === '---' || line.trim() === '...'));
  if (close === -1) return lines;
  return lines.map((line, i) => (i <= close ? '' : line));
}
