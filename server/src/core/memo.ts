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
/**
 * The same parser without inline parsing: a memo needs the block structure (headings and where
 * they are) and the text of its headings only, which are parsed inline one by one. Inline parsing
 * of every paragraph was two thirds of a memo's cost, on the path to the first CodeLens.
 */
const blocks = new MarkdownIt({ html: false }).disable(['inline', 'text_join']);
type Token = MarkdownIt.Token;

/** What `section:` should say for a heading: its text, or `#slug` when another heading has the same text. */
export function sectionReference(memo: Memo, section: MemoSection): string {
  return memo.sections.filter((s) => s.heading === section.heading).length === 1 ? section.heading : `#${section.slug}`;
}

export function parseMemo(file: string, text: string): Memo {
  const lines = splitLines(text);
  const source = blankFrontMatter(lines).join('\n');
  // The env keeps the reference definitions (`[r]: url`) for the headings' inline parse.
  const env = {};
  const tokens = blocks.parse(source, env);
  const headings: Array<{ heading: string; level: number; line: number; after: number }> = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type !== 'heading_open' || !token.map) continue;
    const inline = tokens[i + 1];
    // `after`: the line after the heading block (a setext heading spans its text and underline).
    const text = inline?.type === 'inline' ? plainText(markdown.parseInline(inline.content, env)[0]) : '';
    headings.push({ heading: text.trim(), level: Number(token.tag.slice(1)), line: token.map[0], after: token.map[1] });
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

/**
 * Finds a section by `#slug` or by its heading text (exact, then ignoring case and spacing).
 * Lookups go through an index built once per memo, so a walkthrough with many sections against
 * a memo with many headings costs O(sections + headings), not their product.
 */
export function findSection(memo: Memo, reference: string): SectionLookup {
  const index = indexOf(memo);
  const ref = reference.trim();
  let result = index.lookups.get(ref);
  if (result) return result;
  if (ref.startsWith('#')) {
    const section = index.bySlug.get(ref.slice(1).toLowerCase());
    result = section ? { kind: 'found', section } : { kind: 'not-found', ...suggest(index, ref.slice(1)) };
  } else {
    // Exact, then loose, then with the reference's own markdown reduced to text (a heading copied
    // from the memo's source, e.g. "`sync.Mutex` vs *RWMutex*").
    const keys = [ref, looseText(ref), looseText(inlineText(ref))];
    for (let i = 0; i < keys.length && !result; i++) {
      const matches = index.byKey[i]!.get(keys[i]!) ?? [];
      if (matches.length === 1) result = { kind: 'found', section: matches[0]! };
      else if (matches.length > 1) result = { kind: 'ambiguous', sections: matches };
    }
    result ??= { kind: 'not-found', ...suggest(index, ref) };
  }
  // Bounded: a hostile walkthrough cannot grow the cache without limit.
  if (index.lookups.size < 10_000) index.lookups.set(ref, result);
  return result;
}

interface MemoIndex {
  sections: MemoSection[];
  bySlug: Map<string, MemoSection>;
  /** Sections by heading: as written, loose, and loose after reducing inline markdown. */
  byKey: Array<Map<string, MemoSection[]>>;
  /** Loose headings in section order, and sorted (for prefix suggestions on huge memos). */
  loose: string[];
  looseLength: number;
  sortedLoose: Array<{ text: string; order: number }>;
  looseSet: Map<string, number>;
  looseLengths: Set<number>;
  lookups: Map<string, SectionLookup>;
}

const indexes = new WeakMap<Memo, MemoIndex>();

function indexOf(memo: Memo): MemoIndex {
  let index = indexes.get(memo);
  if (index) return index;
  const bySlug = new Map<string, MemoSection>();
  const byKey = [new Map<string, MemoSection[]>(), new Map<string, MemoSection[]>(), new Map<string, MemoSection[]>()];
  const loose: string[] = [];
  const looseSet = new Map<string, number>();
  memo.sections.forEach((section, order) => {
    if (!bySlug.has(section.slug)) bySlug.set(section.slug, section);
    const l = looseText(section.heading);
    // A heading is already text: reducing it again only matters when it has markdown characters.
    const keys = [section.heading, l, /[`*_\\[\]<&!~]/.test(section.heading) ? looseText(inlineText(section.heading)) : l];
    keys.forEach((key, i) => {
      const list = byKey[i]!.get(key);
      if (list) list.push(section);
      else byKey[i]!.set(key, [section]);
    });
    loose.push(l);
    if (!looseSet.has(l)) looseSet.set(l, order);
  });
  const sortedLoose = loose.map((text, order) => ({ text, order })).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : a.order - b.order));
  index = { sections: memo.sections, bySlug, byKey, loose, looseLength: loose.reduce((n, h) => n + h.length, 0), sortedLoose, looseSet, looseLengths: new Set(loose.map((l) => l.length)), lookups: new Map() };
  indexes.set(memo, index);
  return index;
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

/** Characters compared when scoring every heading; above it, a suggestion comes from the indexes. */
const SUGGEST_BUDGET = 2_000_000;

function suggest(index: MemoIndex, ref: string): { suggestion?: MemoSection } {
  const wanted = looseText(ref);
  const cost = index.looseLength + index.loose.length * wanted.length;
  return cost <= SUGGEST_BUDGET ? suggestByScanning(index, wanted) : suggestByIndex(index, wanted);
}

/** Every heading scored: contains (or is contained in) the reference, else the shared prefix. */
function suggestByScanning(index: MemoIndex, wanted: string): { suggestion?: MemoSection } {
  let best = -1;
  let bestScore = 0;
  index.loose.forEach((heading, order) => {
    const score = heading.includes(wanted) || wanted.includes(heading) ? 1 : commonPrefix(heading, wanted) / Math.max(1, wanted.length);
    if (score > bestScore) {
      bestScore = score;
      best = order;
    }
  });
  return best >= 0 && bestScore >= 0.3 ? { suggestion: sectionAt(index, best) } : {};
}

/**
 * Huge memos: headings that start with the reference or that the reference contains, else the
 * longest shared prefix (found next to the reference in sorted order). Headings that contain the
 * reference in their middle are not looked for.
 */
function suggestByIndex(index: MemoIndex, wanted: string): { suggestion?: MemoSection } {
  const sorted = index.sortedLoose;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.text < wanted) low = mid + 1;
    else high = mid;
  }
  let best = -1;
  for (let i = low; i < sorted.length && sorted[i]!.text.startsWith(wanted); i++) if (best === -1 || sorted[i]!.order < best) best = sorted[i]!.order;
  // Headings the reference contains: only substrings as long as some heading are looked up.
  const limit = Math.min(wanted.length, 200);
  for (const length of index.looseLengths) {
    if (length === 0 || length > limit) continue;
    for (let start = 0; start + length <= limit; start++) {
      const order = index.looseSet.get(wanted.slice(start, start + length));
      if (order !== undefined && (best === -1 || order < best)) best = order;
    }
  }
  if (best >= 0) return { suggestion: sectionAt(index, best) };
  let prefix = 0;
  let order = -1;
  for (const neighbour of [sorted[low - 1], sorted[low]]) {
    if (!neighbour) continue;
    const shared = commonPrefix(neighbour.text, wanted);
    if (shared > prefix) {
      prefix = shared;
      order = neighbour.order;
    }
  }
  return order >= 0 && prefix / Math.max(1, wanted.length) >= 0.3 ? { suggestion: sectionAt(index, order) } : {};
}

function sectionAt(index: MemoIndex, order: number): MemoSection {
  return index.sections[order]!;
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
