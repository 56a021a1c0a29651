/**
 * Markdown read as text (pure): the first heading of a step's text as its title, and the one
 * rule every renderer of untrusted markdown shares for images and links — an image is never
 * loaded and shows as its alt text (as text, not as a literal `!` and link: "Overview", not
 * "!Overview"); a link whose target the renderer does not allow shows as its text.
 */
import MarkdownIt from 'markdown-it';

type Token = MarkdownIt.Token;

const parser = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
// Every image and link is parsed whatever its target, so that it can be shown as its text.
parser.validateLink = () => true;

/** The plain text of inline tokens: code as its content, an image as its alt text, no markup. */
export function inlineText(tokens: readonly Token[] | null | undefined): string {
  let out = '';
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'text':
      case 'text_special':
      case 'code_inline':
        out += token.content;
        break;
      case 'image':
        out += inlineText(token.children);
        break;
      case 'softbreak':
      case 'hardbreak':
        out += ' ';
        break;
      default:
        if (token.children) out += inlineText(token.children);
    }
  }
  return out;
}

/**
 * The text of the first heading (ATX `### x` or setext) in `markdown`, as one line of plain
 * text (emphasis, code and link syntax gone, images as their alt text); undefined when there is
 * none, or it is empty. Headings inside code blocks are code, not headings.
 */
export function firstHeading(markdown: string | undefined): string | undefined {
  if (!markdown) return undefined;
  let tokens: Token[];
  try {
    tokens = parser.parse(markdown, {});
  } catch {
    return undefined;
  }
  const at = tokens.findIndex((token) => token.type === 'heading_open');
  if (at < 0) return undefined;
  const text = inlineText(tokens[at + 1]?.children).replace(/\s+/g, ' ').trim();
  return text || undefined;
}

/**
 * A markdown-it plugin: images become text tokens holding their alt text (so the renderer
 * escapes them like any text), and links whose target `allowLink` refuses keep only their text.
 * Every target is parsed (validateLink accepts all) and judged here, after linkify.
 */
export function imagesAsAltText(md: MarkdownIt.MarkdownIt, allowLink: (href: string) => boolean): void {
  md.validateLink = () => true;
  md.core.ruler.push('images_as_alt_text', (state: MarkdownIt.StateCore) => {
    for (const block of state.tokens) {
      if (block.type === 'inline' && block.children) block.children = rewrite(block.children, allowLink, state.Token);
    }
  });
}

function rewrite(tokens: Token[], allowLink: (href: string) => boolean, TokenClass: typeof MarkdownIt.Token): Token[] {
  const out: Token[] = [];
  // Per open link: whether its open and close tokens are kept.
  const links: boolean[] = [];
  for (const token of tokens) {
    if (token.type === 'image') {
      const text = new TokenClass('text', '', 0);
      text.content = inlineText(token.children);
      out.push(text);
    } else if (token.type === 'link_open') {
      const keep = allowLink(String(token.attrGet('href') ?? ''));
      links.push(keep);
      if (keep) out.push(token);
    } else if (token.type === 'link_close') {
      if (links.pop() ?? true) out.push(token);
    } else out.push(token);
  }
  return out;
}
