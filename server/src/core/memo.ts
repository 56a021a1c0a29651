/**
 * Splits a markdown memo into sections: a heading and its content up to the next heading of
 * the same or a higher level. Sections are addressed by heading text or by a GitHub-style slug.
 */
import MarkdownIt from 'markdown-it';
import { splitLines } from './text';

export interface MemoSection {
  heading: string;
  level: number;
  slug: string;
  /** 0-based line of the heading. */
  line: number;
  /** 0-based first line of the body and the line after it (exclusive). */
  bodyStart: number;
  bodyEnd: number;
  /** The body's markdown, trimmed. */
  body: string;
}

export interface Memo {
  file: string;
  sections: MemoSection[];
}

const markdown = new MarkdownIt({ html: false });
type Token = MarkdownIt.Token;

export function parseMemo(file: string, text: string): Memo {
  const lines = splitLines(text);
  const source = blankFrontMatter(lines).join('\n');
  const tokens = markdown.parse(source, {});
  const headings: Array<{ heading: string; level: number; line: number; after: number }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type !== 'heading_open' || !token.map) continue;
    const inline = tokens[i + 1];
    // `after`: the line after the heading block (a setext heading spans its text and underline).
    headings.push({ heading: plainText(inline).trim(), level: Number(token.tag.slice(1)), line: token.map[0], after: token.map[1] });
  }
  // As github-slugger: a duplicate gets -1, -2, … skipping suffixes that another heading already took.
  const occurrences = new Map<string, number>();
  const sections = headings.map((h, i) => {
    let end = lines.length;
    for (let j = i + 1; j < headings.length; j++) {
      if (headings[j]!.level <= h.level) {
        end = headings[j]!.line;
        break;
      }
    }
    const base = slugify(h.heading);
    let slug = base;
    while (occurrences.has(slug)) {
      const count = occurrences.get(base)! + 1;
      occurrences.set(base, count);
      slug = `${base}-${count}`;
    }
    occurrences.set(slug, 0);
    const bodyStart = Math.min(h.after, end);
    return {
      heading: h.heading,
      level: h.level,
      slug,
      line: h.line,
      bodyStart,
      bodyEnd: end,
      body: trimBody(lines.slice(bodyStart, end)),
    };
  });
  return { file, sections };
}

export type SectionLookup =
  | { kind: 'found'; section: MemoSection }
  | { kind: 'ambiguous'; sections: MemoSection[] }
  | { kind: 'not-found'; suggestion?: MemoSection };

/** Finds a section by `#slug` or by its heading text (exact, then ignoring case and spacing). */
export function findSection(memo: Memo, reference: string): SectionLookup {
  const ref = reference.trim();
  if (ref.startsWith('#')) {
    const slug = ref.slice(1).toLowerCase();
    const section = memo.sections.find((s) => s.slug === slug);
    return section ? { kind: 'found', section } : { kind: 'not-found', ...suggest(memo, ref.slice(1)) };
  }
  // Exact, then loose, then with the reference's own markdown reduced to text (a heading copied
  // from the memo's source, e.g. "`sync.Mutex` vs *RWMutex*").
  for (const normalize of [(s: string) => s, looseText, (s: string) => looseText(inlineText(s))]) {
    const matches = memo.sections.filter((s) => normalize(s.heading) === normalize(ref));
    if (matches.length === 1) return { kind: 'found', section: matches[0]! };
    if (matches.length > 1) return { kind: 'ambiguous', sections: matches };
  }
  return { kind: 'not-found', ...suggest(memo, ref) };
}

/** GitHub-style anchor slug: lower case, punctuation dropped, spaces to hyphens. */
export function slugify(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Inline markdown reduced to its text, as headings are. */
function inlineText(text: string): string {
  return plainText(markdown.parseInline(text, {})[0]);
}

function looseText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

function suggest(memo: Memo, ref: string): { suggestion?: MemoSection } {
  const wanted = looseText(ref);
  let best: MemoSection | undefined;
  let bestScore = 0;
  for (const section of memo.sections) {
    const heading = looseText(section.heading);
    const score = heading.includes(wanted) || wanted.includes(heading) ? 1 : commonPrefix(heading, wanted) / Math.max(1, wanted.length);
    if (score > bestScore) {
      bestScore = score;
      best = section;
    }
  }
  return best && bestScore >= 0.3 ? { suggestion: best } : {};
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

function plainText(inline: Token | undefined): string {
  if (!inline?.children) return inline?.content ?? '';
  return inline.children
    .map((child) => (child.type === 'text' || child.type === 'code_inline' ? child.content : child.type === 'softbreak' || child.type === 'hardbreak' ? ' ' : ''))
    .join('');
}

/** YAML front matter (--- … ---) would otherwise read as a setext heading; keep line numbers. */
function blankFrontMatter(lines: string[]): string[] {
  if (lines[0]?.trim() !== '---') return lines;
  const close = lines.findIndex((line, i) => i > 0 && (line.trim() === '---' || line.trim() === '...'));
  if (close === -1) return lines;
  return lines.map((line, i) => (i <= close ? '' : line));
}

function trimBody(lines: string[]): string {
  return lines.join('\n').replace(/^\s*\n/, '').trimEnd();
}
