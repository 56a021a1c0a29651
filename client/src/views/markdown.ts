// Renders untrusted walkthrough markdown (questions, talking points) for the step card webview:
// no raw HTML, images as their alt text (never loaded), links only to http(s) and file: URIs
// (others show their text).
import MarkdownIt from 'markdown-it';
import { imagesAsAltText } from '../../../common/src/markdownText';

const ALLOWED_LINK = /^(https?:|file:)/i;

/** True for link targets the card may show as links (everything else renders as plain text). */
export function isAllowedLink(url: string): boolean {
  return ALLOWED_LINK.test(url.trim());
}

function createRenderer(): MarkdownIt.MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
  imagesAsAltText(md, isAllowedLink);
  const renderLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    // Link clicks are handled by the card's script, which posts the href to the extension.
    token.attrSet('title', token.attrGet('href') ?? '');
    token.attrSet('class', 'md-link');
    return renderLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}

const renderer = createRenderer();

export function renderMarkdown(source: string): string {
  return renderer.render(source);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
