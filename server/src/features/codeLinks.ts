/**
 * Links in talking points and questions that point at code (`file:///Users/…/inventory.go?line=56`,
 * `vscode://file/…`, `../x.go#L10`, `x.go:10`): rewritten to the matching workspace file and line
 * (`file:///ws/inventory_srv/handler/inventory.go#L56`, which VS Code opens at that line), found
 * by the same suffix resolution as `walkthrough import`. A code link that resolves nowhere becomes
 * its plain label; web links are left as they are. Resolution is async, rewriting is not: callers
 * resolve the targets of a text first (`resolveLinks`), then rewrite with the map.
 */
import { CODE_EXTENSIONS, parseCodeLink, resolveCodeLink } from '../core/codePaths';
import { findFiles } from '../core/discover';
import type { LoadedWalkthrough } from '../core/engine';
import { dirname, extname, isInside, relativePath } from '../../../common/src/paths';
import type { ResolvedStep } from '../core/resolveStep';
import type { FileSystem } from '../core/fileSystem';
import { NodeFileSystem } from '../core/nodeFileSystem';
import { linkHrefs, normalizeHref } from './markdown';
import { talkingPoints } from './stepContent';
import { pathToUri } from './uri';
import type { Workspace } from './workspace';

/** `[label](target "title")`, not an image; the target may hold one level of parentheses. */
const LINK = /(!?)\[((?:[^[\]\\]|\\.|\[[^\]]*\])*)\]\(\s*(<[^>\n]*>|(?:[^()\s]|\([^()\s]*\))+)(\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g;

/** New target for a link: a string to use, null to show the label as plain text, undefined to keep it. */
export type LinkRewrite = (href: string) => string | null | undefined;

/** The targets of the markdown links in `text` (outside code): markdown-it's tokens, the same parse
 *  the hover sanitizer asks `rewriteLink` about (normalized: spaces and CJK characters encoded). */
export function linkTargets(text: string): string[] {
  return linkHrefs(text);
}

/** Applies `rewrite` to every markdown link in a text segment (no code inside). */
export function replaceLinks(part: string, rewrite: LinkRewrite): string {
  return part.replace(LINK, (whole, bang: string, label: string, target: string, title: string | undefined) => {
    if (bang) return whole;
    const next = rewrite(unwrap(target));
    if (next === undefined) return whole;
    if (next === null) return label;
    return `[${label}](${next}${title ?? ''})`;
  });
}

/** `rewriteLinks` over a whole markdown text: fenced code and code spans are left alone. */
export function rewriteLinks(text: string, rewrite: LinkRewrite): string {
  return outsideCode(text, (part) => replaceLinks(part, rewrite));
}

const systems = new WeakMap<Workspace, FileSystem>();
/** File listings by root, for suffixes that start below a root; short-lived so new files show up. */
const listings = new Map<string, { at: number; files: Promise<string[]> }>();
const LISTING_TTL_MS = 30_000;

function listFiles(fs: FileSystem, root: string): Promise<string[]> {
  const cached = listings.get(root);
  if (cached && Date.now() - cached.at < LISTING_TTL_MS) return cached.files;
  const files = findFiles(fs, root, (file) => CODE_EXTENSIONS.has(extname(file))).then((found) => found.map((file) => relativePath(root, file)));
  listings.set(root, { at: Date.now(), files });
  return files;
}

/**
 * Resolves the code links of `texts` in the workspace: relative ones against `bases` first, then
 * by path suffix under `roots` (the walkthrough's root, the workspace folders). The returned
 * rewrite maps a code link to its workspace file (with `#L<line>`), an unresolvable code link to
 * plain text, and leaves web links alone.
 */
export async function resolveLinks(workspace: Workspace, texts: ReadonlyArray<string | undefined>, bases: readonly string[], roots: readonly string[]): Promise<LinkRewrite> {
  let fs = systems.get(workspace);
  if (!fs) {
    fs = new NodeFileSystem({ confineTo: () => workspace.engine.getFolders() });
    systems.set(workspace, fs);
  }
  const folders = workspace.engine.getFolders();
  const allowedRoots = [...new Set([...roots, ...folders])].filter((root) => folders.some((folder) => isInside(folder, root)));
  const resolved = new Map<string, string | null>();
  for (const href of new Set(texts.flatMap((text) => (text ? linkTargets(text) : [])))) {
    if (!parseCodeLink(href)) continue;
    try {
      const target = await resolveCodeLink(fs, href, bases, allowedRoots, (root) => listFiles(fs!, root));
      resolved.set(href, target ? `${pathToUri(target.file)}${target.line ? `#L${target.line}${target.endLine && target.endLine !== target.line ? `-L${target.endLine}` : ''}` : ''}` : null);
    } catch {
      resolved.set(href, null);
    }
  }
  return (href) => resolved.get(href) ?? resolved.get(normalizeHref(href));
}

/** The rewrite for a step's question and talking points (memo section and inline points). */
export function stepLinks(workspace: Workspace, walkthrough: LoadedWalkthrough, step: ResolvedStep): Promise<LinkRewrite> {
  const bases = [...(step.memoFile ? [dirname(step.memoFile)] : []), dirname(walkthrough.file)];
  return resolveLinks(workspace, [step.spec.question, talkingPoints(step)], bases, [walkthrough.root]);
}

function unwrap(target: string): string {
  return target.startsWith('<') && target.endsWith('>') ? target.slice(1, -1) : target;
}

/** Runs `fn` on the parts of markdown outside fenced code blocks and code spans. */
function outsideCode(markdown: string, fn: (part: string) => string): string {
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
    out.push(line.split(/(`+[^`]*?`+)/).map((part, i) => (i % 2 === 1 ? part : fn(part))).join(''));
  }
  return out.join('\n');
}
