/**
 * Markdown building blocks for hovers. Text from walkthroughs and memos is untrusted: it never
 * reaches the client as raw HTML, and it cannot smuggle in `command:` links (the client trusts
 * hover links to this extension's own commands).
 */
import { extname } from '../core/paths';
import { replaceLinks, type LinkRewrite } from './codeLinks';

/**
 * Escapes `<` outside code (fences and inline code spans) and defuses `command:` links.
 * `rewriteLink` may give links a new target (code links → workspace files) or turn them into text.
 */
export function untrustedMarkdown(markdown: string, rewriteLink?: LinkRewrite): string {
  const out: string[] = [];
  let fence: string | undefined;
  for (const line of markdown.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      out.push(line);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) fence = undefined;
      continue;
    }
    if (marker) {
      fence = marker;
      out.push(line);
      continue;
    }
    out.push(escapeOutsideCodeSpans(line, rewriteLink));
  }
  return out.join('\n');
}

function escapeOutsideCodeSpans(line: string, rewriteLink: LinkRewrite | undefined): string {
  // Split into code spans (`…`, ``…``) and the text between them.
  const parts = line.split(/(`+[^`]*?`+)/);
  return parts.map((part, i) => (i % 2 === 1 ? part : defuse((rewriteLink ? replaceLinks(part, rewriteLink) : part).replace(/</g, '&lt;')))).join('');
}

/** `command:` URIs in untrusted text become inert (a zero-width space breaks the scheme). */
function defuse(text: string): string {
  return text.replace(/command:/gi, (m) => `${m.slice(0, -1)}\u200b:`);
}

/** Plain text (a title) shown inside markdown: markdown syntax and HTML are escaped. */
export function plain(text: string): string {
  return defuse(text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`)).replace(/\n/g, ' ');
}

/** A link that runs one of the extension's own client commands. */
export function commandLink(label: string, command: string, args: unknown[]): string {
  return `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
}

/** A fenced code block whose fence cannot be closed by the code itself. */
export function fence(code: string, language: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${code}\n${ticks}`;
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
