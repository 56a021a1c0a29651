/**
 * Completion in walkthrough YAML: keys (top level or step level, with docs), `file` paths under
 * the walkthrough's root, `symbol` names declared in the step's file, `section` headings of the
 * memo, `next` walkthrough ids, the current `lines` of a placed step, `memo` markdown files and
 * `root` folders (relative to the YAML file). Works on the live buffer,
 * so it helps while the YAML is half-typed and does not parse.
 */
import { CompletionItemKind, CompletionRequest, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import { IGNORED_FOLDERS } from '../core/discover';
import type { LoadedWalkthrough } from '../core/engine';
import type { FileSystem } from '../core/fileSystem';
import { anchorText } from '../core/format/authoringEdits';
import { MAX_ANCHOR_LINES } from '../core/format/stepLocation';
import { formatLines, STEP_KEYS, WALKTHROUGH_KEYS, type StepSpec } from '../core/format/parseWalkthrough';
import { yamlQuotedScalar, yamlScalar } from '../core/format/yamlScalar';
import { dirname, innermostFolder, isInside, resolvePath } from '../../../common/src/paths';
import type { SymbolKind } from '../core/symbols/types';
import { firstLine, splitLines } from '../core/text';
import { stepKeyDocs, walkthroughKeyDocs } from './keyDocs';
import { t } from '../core/l10n';
import { statusName } from '../../../common/src/stepStatuses';
import { isPlaced } from '../core/steps';
import type { Workspace } from '../runtime/workspace';
import { onRequest } from '../runtime/handlers';

const SYMBOL_KINDS: Record<SymbolKind, CompletionItemKind> = {
  function: CompletionItemKind.Function,
  method: CompletionItemKind.Method,
  type: CompletionItemKind.Class,
  var: CompletionItemKind.Variable,
  const: CompletionItemKind.Constant,
};

export async function completion(workspace: Workspace, fs: FileSystem, file: string, text: string, position: Position): Promise<CompletionItem[]> {
  const line = splitLines(text)[position.line] ?? '';
  const before = line.slice(0, position.character);
  const walkthrough = workspace.engine.get(file);
  // Completion knows the YAML format; CodeTour tours are JSON with their own keys.
  if (walkthrough?.spec.format === 'codetour') return [];

  const keyMatch = /^(\s*)(-\s+)?([A-Za-z_]*)$/.exec(before);
  if (keyMatch) {
    const inStep = keyMatch[2] !== undefined || keyMatch[1]!.length > 0;
    if (walkthrough && inBlockValue(walkthrough, position)) return [];
    const range = { start: { line: position.line, character: before.length - keyMatch[3]!.length }, end: position };
    if (!inStep) return keyItems(WALKTHROUGH_KEYS, walkthroughKeyDocs(), new Set(Object.keys(walkthrough?.spec.spans ?? {})), range, true);
    const step = keyMatch[2] !== undefined ? undefined : walkthrough && stepOnLine(walkthrough, position.line);
    const present = new Set(Object.entries(step?.spans ?? {}).filter(([, span]) => span && span.key.start.line !== position.line).map(([key]) => key));
    return keyItems(STEP_KEYS, stepKeyDocs(), present, range, false);
  }

  const valueMatch = /^(\s*)(-\s+)?([A-Za-z_]+):[ \t]*(.*)$/.exec(before);
  if (!valueMatch) return [];
  const key = valueMatch[3]!;
  const typed = valueMatch[4]!;
  const inStep = valueMatch[2] !== undefined || valueMatch[1]!.length > 0;
  const valueStart = before.length - typed.length;
  const quote = typed[0] === '"' || typed[0] === "'" ? typed[0] : undefined;
  const unquoted = quote ? typed.slice(1) : typed;
  const replace = (from: number): Range => ({ start: { line: position.line, character: from }, end: position });

  if (!inStep) {
    if (key === 'next') {
      return workspace.engine
        .list()
        .filter((w) => w.file !== file)
        .map((w) => ({ label: w.spec.id, kind: CompletionItemKind.Reference, detail: w.spec.title, textEdit: { range: replace(valueStart), newText: w.spec.id } }));
    }
    if (key === 'primary' || key === 'practice') return ['true', 'false'].map((v) => ({ label: v, kind: CompletionItemKind.Value, textEdit: { range: replace(valueStart), newText: v } }));
    const folder = walkthrough?.folder ?? innermostFolder(workspace.engine.getFolders(), file) ?? dirname(file);
    const from = valueStart + (quote ? 1 : 0);
    if (key === 'memo') return pathItems(fs, dirname(file), folder, unquoted, from, position, isMarkdown);
    if (key === 'root') return pathItems(fs, dirname(file), folder, unquoted, from, position, () => false);
    return [];
  }

  const step = walkthrough && stepOnLine(walkthrough, position.line);
  const root = walkthrough?.root ?? innermostFolder(workspace.engine.getFolders(), file) ?? dirname(file);
  switch (key) {
    case 'file':
      return pathItems(fs, root, walkthrough?.folder ?? root, unquoted, valueStart + (quote ? 1 : 0), position, () => true);
    case 'memo':
      // Relative to the YAML file, like the walkthrough's own `memo`.
      return pathItems(fs, dirname(file), walkthrough?.folder ?? root, unquoted, valueStart + (quote ? 1 : 0), position, isMarkdown);
    case 'symbol': {
      if (!step?.file || !walkthrough) return [];
      const codeFile = resolvePath(walkthrough.root, step.file);
      const resolved = walkthrough.steps[step.index];
      const target = resolved?.file ?? codeFile;
      const codeText = await workspace.engine.readText(target);
      if (codeText.kind !== 'text') return [];
      const symbols = await workspace.engine.symbols.symbols(target, codeText.text);
      return (symbols?.symbols ?? []).map((symbol) => ({
        label: symbol.name,
        kind: SYMBOL_KINDS[symbol.kind],
        detail: `${symbol.kind} · line ${symbol.span.start + 1}`,
        textEdit: { range: replace(valueStart), newText: symbol.name },
      }));
    }
    case 'section': {
      if (!walkthrough) return [];
      const memoFile = step?.memo !== undefined ? resolvePath(dirname(file), step.memo) : walkthrough.memoFile;
      if (!memoFile || !isInside(walkthrough.folder, memoFile)) return [];
      const memo = await workspace.engine.readMemo(memoFile);
      if (!('sections' in memo)) return [];
      return memo.sections.map((section, i) => ({
        label: section.heading,
        kind: CompletionItemKind.Reference,
        detail: `${'#'.repeat(section.level)} · #${section.slug}`,
        filterText: quote ? `${quote}${section.heading}` : section.heading,
        sortText: String(i).padStart(5, '0'),
        textEdit: { range: replace(valueStart), newText: quote ? yamlQuotedScalar(section.heading, quote) : yamlScalar(section.heading) },
      }));
    }
    case 'anchor': {
      // The text at the step's `lines` (else its current range): the first line, and the block.
      if (!step?.file || !walkthrough) return [];
      const resolved = walkthrough.steps[step.index];
      const span = step.lines ?? (resolved && isPlaced(resolved) ? resolved.span : undefined);
      if (!span) return [];
      const target = resolved?.file ?? resolvePath(walkthrough.root, step.file);
      const codeText = await workspace.engine.readText(target);
      if (codeText.kind !== 'text') return [];
      const codeLines = workspace.engine.linesOf(codeText.text).lines.slice(span.start, Math.min(span.end, span.start + MAX_ANCHOR_LINES - 1) + 1);
      const block = anchorText(codeLines.join('\n'));
      if (!block) return [];
      const first = firstLine(block);
      const keyColumn = valueMatch[1]!.length + (valueMatch[2]?.length ?? 0);
      const items: CompletionItem[] = [{ label: first, kind: CompletionItemKind.Text, detail: `line ${span.start + 1} of ${step.file}`, sortText: '0', textEdit: { range: replace(valueStart), newText: yamlScalar(first) } }];
      if (block.includes('\n')) {
        const count = block.split('\n').length;
        // VS Code indents every inserted line by the current line's indentation (as editors do
        // for multi-line completions): give the rest relative to it.
        const indent = ' '.repeat(keyColumn + 2 - valueMatch[1]!.length);
        items.push({
          label: `${first} … (${count} lines)`,
          kind: CompletionItemKind.Snippet,
          detail: `lines ${span.start + 1}-${span.start + count} of ${step.file}, as a block`,
          documentation: { kind: 'markdown', value: ['```', block, '```'].join('\n') },
          sortText: '1',
          filterText: first,
          textEdit: { range: replace(valueStart), newText: `|-\n${block.split('\n').map((l) => (l ? indent + l : '')).join('\n')}` },
        });
      }
      return items;
    }
    case 'lines': {
      const resolved = step && walkthrough?.steps[step.index];
      if (!resolved || !isPlaced(resolved)) return [];
      const current = formatLines(resolved.span);
      return [{ label: current, kind: CompletionItemKind.Value, detail: t('the step\'s current lines ({0})', statusName(resolved.status, t)), textEdit: { range: replace(valueStart), newText: current } }];
    }
    default:
      return [];
  }
}

/**
 * Entries of the folder the typed path is in (relative to `base`), never outside `folder`: folders
 * (ending in `/`, re-triggering suggestions) first, then the files `acceptFile` takes.
 */
async function pathItems(fs: FileSystem, base: string, folder: string, typed: string, valueFrom: number, position: Position, acceptFile: (name: string) => boolean): Promise<CompletionItem[]> {
  const slash = typed.lastIndexOf('/');
  const dirPart = slash === -1 ? '' : typed.slice(0, slash + 1);
  const dir = resolvePath(base, dirPart || '.');
  if (!isInside(folder, dir)) return [];
  const range: Range = { start: { line: position.line, character: valueFrom + dirPart.length }, end: position };
  const entries = await fs.readDirectory(dir);
  return entries
    .filter(([name, kind]) => (kind === 'directory' ? !IGNORED_FOLDERS.has(name) : acceptFile(name)))
    .sort(([a, ak], [b, bk]) => (ak === bk ? a.localeCompare(b) : ak === 'directory' ? -1 : 1))
    .map(([name, kind]): CompletionItem => {
      const isDir = kind === 'directory';
      const item: CompletionItem = {
        label: isDir ? `${name}/` : name,
        kind: isDir ? CompletionItemKind.Folder : CompletionItemKind.File,
        textEdit: { range, newText: isDir ? `${name}/` : name },
        sortText: `${isDir ? 0 : 1}${name}`,
      };
      if (isDir) item.command = { title: 'Suggest', command: 'editor.action.triggerSuggest' };
      return item;
    });
}

function isMarkdown(name: string): boolean {
  return /\.(md|markdown)$/i.test(name);
}

function keyItems(keys: readonly string[], docs: Record<string, string>, present: Set<string>, range: Range, topLevel: boolean): CompletionItem[] {
  return keys
    .filter((key) => !present.has(key))
    .map((key, i) => ({
      label: key,
      kind: CompletionItemKind.Property,
      detail: topLevel ? t('walkthrough key') : t('step key'),
      documentation: { kind: 'markdown', value: docs[key]! },
      sortText: String(i).padStart(3, '0'),
      textEdit: { range, newText: key === 'steps' ? 'steps:\n  - ' : `${key}: ` },
    }));
}

/** The step the line belongs to: the last one starting on or before it. */
function stepOnLine(walkthrough: LoadedWalkthrough, line: number): StepSpec | undefined {
  const stepsKey = walkthrough.spec.spans.steps?.key.start.line;
  if (stepsKey === undefined || line <= stepsKey) return undefined;
  let found: StepSpec | undefined;
  for (const step of walkthrough.spec.steps) if (step.range.start.line <= line) found = step;
  return found;
}

/** Inside a multi-line text value (description, points, …): no key completion there. */
function inBlockValue(walkthrough: LoadedWalkthrough, position: Position): boolean {
  const spans = [
    ...Object.values(walkthrough.spec.spans).filter((_, i) => Object.keys(walkthrough.spec.spans)[i] !== 'steps'),
    ...walkthrough.spec.steps.flatMap((s) => Object.values(s.spans)),
  ];
  return spans.some((span) => span && span.value.start.line < position.line && position.line < span.value.end.line);
}

export const completionHandler = onRequest(CompletionRequest.type, async (params, server, token) => {
  const r = await server.documentReady(params.textDocument.uri, token);
  if (!r) return [];
  const document = server.documents.get(params.textDocument.uri);
  const text = document?.getText() ?? (await r.ws.engine.readText(r.file));
  return completion(r.ws, r.ws.fs, r.file, typeof text === 'string' ? text : text.kind === 'text' ? text.text : '', params.position);
});
