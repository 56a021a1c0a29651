/**
 * Syntax highlighting of code excerpts in the exported HTML page, with highlight.js (BSD-3, the
 * most widely used highlighter, pure JavaScript, no DOM needed, escapes the code it is given): a
 * well-kept library rather than highlight queries of our own for each tree-sitter grammar. Only the
 * languages steps are written in are registered, to keep the bundle small. The output is split
 * into lines (a token that spans lines — a block comment, a raw string — is closed at each line
 * end and reopened on the next), so every line keeps its own number.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import go from 'highlight.js/lib/languages/go';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import php from 'highlight.js/lib/languages/php';
import protobuf from 'highlight.js/lib/languages/protobuf';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import yaml from 'highlight.js/lib/languages/yaml';

const LANGUAGES = { bash, c, cpp, csharp, go, java, javascript, json, kotlin, php, protobuf, python, ruby, rust, sql, swift, typescript, yaml };
/** Our fence names (markdown.ts `languageOf`) that highlight.js knows under another name. */
const ALIASES: Record<string, string> = { tsx: 'typescript', jsx: 'javascript', shell: 'bash' };

let registered = false;
function ensureRegistered(): void {
  if (registered) return;
  for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
  hljs.configure({ classPrefix: 'hl-' });
  registered = true;
}

/** The escaped HTML of each line of `code`, coloured when `language` is known; undefined when it is not. */
export function highlightLines(code: string, language: string): string[] | undefined {
  ensureRegistered();
  const name = ALIASES[language] ?? language;
  if (!hljs.getLanguage(name)) return undefined;
  let html: string;
  try {
    html = hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
  } catch {
    return undefined;
  }
  return splitLines(html);
}

/** Splits highlighted HTML at line breaks, closing the open spans at each end and reopening them. */
function splitLines(html: string): string[] {
  const lines: string[] = [];
  const open: string[] = [];
  let current = '';
  const tag = /<span class="[^"]*">|<\/span>|\n/g;
  let last = 0;
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    current += html.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[0] === '\n') {
      lines.push(current + '</span>'.repeat(open.length));
      current = open.join('');
    } else if (match[0] === '</span>') {
      open.pop();
      current += match[0];
    } else {
      open.push(match[0]);
      current += match[0];
    }
  }
  lines.push(current + html.slice(last));
  return lines;
}
