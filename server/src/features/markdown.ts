/**
 * Markdown building blocks for hovers. Text from walkthroughs and memos is untrusted: it never
 * reaches the client as raw HTML, it cannot smuggle in `command:` links (the client trusts hover
 * links to this extension's own commands, so a forged `walkthroughs.openStep` link would run
 * with arbitrary arguments), and it cannot load remote images (a tracking pixel on hover).
 *
 * The sanitizer does not pattern-match the text, which CommonMark parsers read differently
 * (code spans, escapes, entities): it parses the markdown with markdown-it and writes it out
 * again from the tokens, so every link, image and autolink is judged on its decoded target and
 * all other text is escaped. Kept: paragraphs, headings, lists, quotes, code, tables, emphasis,
 * and links to http(s). Images become their alt text; other links become their text unless
 * `rewriteLink` turns the target into one we trust.
 */
import MarkdownIt from 'markdown-it';
import { extname } from '../../../common/src/paths';

type Token = MarkdownIt.Token;

export interface SanitizeOptions {
  /**
   * Consulted for every link whose target is neither http(s) nor ours to build (e.g. a memo link
   * to `file:///…/x.go?line=56`): return the target to link to instead, or undefined to show the
   * link's text only.
   */
  rewriteLink?: (href: string) => string | undefined;
}

const parser = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
// Every target reaches the token stream, where it is judged (decoded) below.
parser.validateLink = () => true;

const SAFE_LINK = /^https?:\/\/[^\s]+$/i;

/** A link target as markdown-it normalizes it (what the sanitizer sees), for lookups by raw text. */
export function normalizeHref(href: string): string {
  return parser.normalizeLink(href);
}

/** The link targets of untrusted markdown (outside code), as `rewriteLink` will be asked about them. */
export function linkHrefs(markdown: string): string[] {
  const found = new Set<string>();
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'link_open') found.add(String(token.attrGet('href') ?? ''));
      if (token.children) visit(token.children);
    }
  };
  try {
    visit(parser.parse(markdown, {}));
  } catch {
    return [];
  }
  return [...found];
}

/** Untrusted markdown → markdown that renders the same text with only safe constructs. */
export function untrustedMarkdown(markdown: string, options: SanitizeOptions = {}): string {
  let tokens: Token[];
  try {
    tokens = parser.parse(markdown, {});
  } catch {
    return escapeLine(markdown.replace(/\r?\n/g, ' '));
  }
  return renderBlocks(tree(tokens), options).join('\n');
}

interface BlockNode {
  token: Token;
  children: BlockNode[];
}

/** The flat block token stream as a tree (open … close become one node). */
function tree(tokens: Token[]): BlockNode[] {
  const root: BlockNode[] = [];
  const stack: BlockNode[][] = [root];
  for (const token of tokens) {
    if (token.nesting === -1) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const node: BlockNode = { token, children: [] };
    stack[stack.length - 1]!.push(node);
    if (token.nesting === 1) stack.push(node.children);
  }
  return root;
}

/** Blocks separated by blank lines (tight list items: by nothing). */
function renderBlocks(nodes: BlockNode[], options: SanitizeOptions, tight = false): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    const lines = renderBlock(node, options);
    if (lines.length === 0) continue;
    if (out.length > 0 && !tight) out.push('');
    out.push(...lines);
  }
  return out;
}

function renderBlock(node: BlockNode, options: SanitizeOptions): string[] {
  const { token, children } = node;
  switch (token.type) {
    case 'paragraph_open':
      return children.flatMap((child) => renderBlock(child, options));
    case 'inline':
      return renderInline(token.children ?? [], options).split('\n');
    case 'heading_open': {
      const level = Number(token.tag.slice(1)) || 1;
      const text = children.flatMap((child) => renderBlock(child, options)).join(' ');
      return [`${'#'.repeat(level)} ${text}`];
    }
    case 'fence':
    case 'code_block':
      return fence(token.content.replace(/\n$/, ''), token.info.trim().split(/\s+/)[0]!.replace(/[^\w+#.-]/g, '')).split('\n');
    case 'hr':
      return ['---'];
    case 'blockquote_open':
      return renderBlocks(children, options).map((line) => (line ? `> ${line}` : '>'));
    case 'bullet_list_open':
    case 'ordered_list_open': {
      const ordered = token.type === 'ordered_list_open';
      let number = ordered ? Number(String(token.attrGet('start') ?? 1)) || 1 : 0;
      const tight = children.every((item) => item.children.every((c) => c.token.type !== 'paragraph_open' || c.token.hidden));
      const out: string[] = [];
      for (const item of children) {
        const marker = ordered ? `${number++}. ` : '- ';
        const lines = renderBlocks(item.children, options, tight);
        if (out.length > 0 && !tight) out.push('');
        if (lines.length === 0) lines.push('');
        lines.forEach((line, i) => out.push(i === 0 ? `${marker}${line}` : line ? `${' '.repeat(marker.length)}${line}` : ''));
      }
      return out;
    }
    case 'table_open':
      return renderTable(node, options);
    default:
      // Anything else (html_block cannot occur: html is off) is shown as its text.
      return token.content ? [escapeLine(token.content.replace(/\n/g, ' '))] : children.flatMap((child) => renderBlock(child, options));
  }
}

function renderTable(node: BlockNode, options: SanitizeOptions): string[] {
  const rows: Array<{ cells: string[]; aligns: string[] }> = [];
  const visit = (n: BlockNode) => {
    if (n.token.type === 'tr_open') {
      const cells = n.children.map((cell) => cell.children.flatMap((c) => renderBlock(c, options)).join(' '));
      const aligns = n.children.map((cell) => /text-align:(\w+)/.exec(String(cell.token.attrGet('style') ?? ''))?.[1] ?? '');
      rows.push({ cells, aligns });
    } else n.children.forEach(visit);
  };
  node.children.forEach(visit);
  if (rows.length === 0) return [];
  const width = Math.max(...rows.map((r) => r.cells.length));
  const line = (cells: string[]) => `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  const rule = Array.from({ length: width }, (_, i) => {
    const align = rows[0]!.aligns[i];
    return align === 'center' ? ':---:' : align === 'right' ? '---:' : align === 'left' ? ':---' : '---';
  });
  return [line(rows[0]!.cells), `| ${rule.join(' | ')} |`, ...rows.slice(1).map((r) => line(r.cells))];
}

function renderInline(tokens: Token[], options: SanitizeOptions): string {
  let out = '';
  let atLineStart = true;
  // Per open link: the text that closes it (`](url)`), or '' when only its text is shown.
  const links: string[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
      case 'text_special':
        out += atLineStart ? escapeLine(token.content) : escapeText(token.content);
        break;
      case 'code_inline':
        // Right after a bare URL, a GFM autolink can swallow the opening backtick and leave the
        // code's `<` as raw HTML (found by fuzzing): such code is shown as escaped text.
        out += token.content.includes('<') && /\S$/.test(out) ? escapeText(token.content) : codeSpan(token.content);
        break;
      case 'softbreak':
        out += '\n';
        atLineStart = true;
        continue;
      case 'hardbreak':
        out += '\\\n';
        atLineStart = true;
        continue;
      case 'strong_open':
      case 'strong_close':
        out += '**';
        break;
      case 'em_open':
      case 'em_close':
        out += '*';
        break;
      case 's_open':
      case 's_close':
        out += '~~';
        break;
      case 'link_open': {
        const target = linkTarget(String(token.attrGet('href') ?? ''), options);
        links.push(target === undefined ? '' : `](${target})`);
        if (target !== undefined) out += '[';
        break;
      }
      case 'link_close':
        out += links.pop() ?? '';
        break;
      case 'image':
        // Never loaded: a remote image would be fetched on hover. Its description stays.
        out += escapeText(token.children ? token.children.map((c) => c.content).join('') : token.content);
        break;
      default:
        out += escapeText(token.content);
    }
    atLineStart = false;
  }
  // Unbalanced (cannot happen with markdown-it, but never leave a `[` open).
  while (links.length > 0) out += links.pop();
  return out;
}

/** A target to link to, already safe to write inside `(…)`, or undefined for text only. */
function linkTarget(href: string, options: SanitizeOptions): string | undefined {
  let target: string | undefined;
  if (SAFE_LINK.test(href)) target = href;
  else if (!/^command:/i.test(href)) target = options.rewriteLink?.(href);
  if (target === undefined) return undefined;
  // Characters that could end the destination or start markup are percent-encoded.
  return target.replace(/[\s()<>[\]\\`"']/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Escapes what can start markup anywhere in a line. */
function escapeText(text: string): string {
  // `<` as an entity: a bare URL just before it (GFM autolinks) could swallow a backslash.
  return defuse(text).replace(/[\\`*_[\]!&~|$@]/g, (c) => `\\${c}`).replace(/</g, '&lt;');
}

/** Like escapeText, for text that begins a line: also what only matters there (headings, lists, quotes, rules). */
function escapeLine(text: string): string {
  const escaped = escapeText(text.replace(/^\s+/, ''));
  return escaped.replace(/^([#+=>-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * Untrusted text (a file name, a path) as one code span that nothing in it can close early or
 * break out of: backticks get a longer fence, and every line terminator and control character
 * becomes a space, so a blank line cannot end the span and start a raw HTML block.
 */
export function codeSpan(code: string): string {
  const text = code.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  // CommonMark strips one space from each side when both are spaces (unless all are): pad to keep them.
  const strips = text.startsWith(' ') && text.endsWith(' ') && text.trim() !== '';
  const pad = text.startsWith('`') || text.endsWith('`') || strips ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

/** `command:` URIs in plain text become inert (a zero-width space breaks the scheme). */
function defuse(text: string): string {
  return text.replace(/command:/gi, (m) => `${m.slice(0, -1)}\u200b:`);
}

/** Plain text (a title) shown inside markdown: markdown syntax and HTML are escaped. */
export function plain(text: string): string {
  return defuse(text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)).replace(/\n/g, ' ');
}

/** A link that runs one of the extension's own client commands. */
export function commandLink(label: string, command: string, args: unknown[]): string {
  // encodeURIComponent leaves ( ) ' ! * alone: a `)` in an id would end the link early.
  const query = encodeURIComponent(JSON.stringify(args)).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${label}](command:${command}?${query})`;
}

/** A fenced code block whose fence cannot be closed by the code itself. */
export function fence(code: string, language: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  // The info string comes from a file name: only what a language id holds, never a line break.
  const info = language.replace(/[^\w+#.-]/g, '').slice(0, 32);
  return `${ticks}${info}\n${code}\n${ticks}`;
}

const LANGUAGES: Record<string, string> = {
  '.go': 'go',
  '.ts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'jsx',
  '.py': 'python',
  '.rs': 'rust',
  '.java': 'java',
  '.kt': 'kotlin',
  '.c': 'c',
  '.h': 'c',
  '.cc': 'cpp',
  '.cpp': 'cpp',
  '.hpp': 'cpp',
  '.cs': 'csharp',
  '.rb': 'ruby',
  '.php': 'php',
  '.swift': 'swift',
  '.proto': 'protobuf',
  '.sql': 'sql',
  '.sh': 'shell',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.md': 'markdown',
  '.toml': 'toml',
};

/** The fence language for a file, by extension. */
export function languageOf(file: string): string {
  const ext = extname(file);
  return LANGUAGES[ext] ?? ext.replace(/^\./, '');
}

/** Cuts long markdown to `maxLines`, closing a code fence left open. */
export function clip(markdown: string, maxLines: number, more: string): string {
  const lines = markdown.split('\n');
  if (lines.length <= maxLines) return markdown;
  const kept = lines.slice(0, maxLines);
  let open: string | undefined;
  for (const line of kept) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (!marker) continue;
    if (!open) open = marker;
    else if (marker[0] === open[0] && marker.length >= open.length && line.trim() === marker) open = undefined;
  }
  if (open) kept.push(open);
  kept.push('', more);
  return kept.join('\n');
}

/** The block tokens of markdown (markdown-it's `map` gives each block's source lines); [] if it cannot be parsed. */
export function blockTokens(markdown: string): Token[] {
  try {
    return parser.parse(markdown, {});
  } catch {
    return [];
  }
}
