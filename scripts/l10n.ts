/**
 * Localization bookkeeping, shared by test/unit/l10n.test.ts and the command line:
 *
 *   node --import tsx scripts/l10n.ts          lists missing translations and bypassing literals
 *   node --import tsx scripts/l10n.ts --write  also rewrites l10n/bundle.l10n.json from the sources
 *
 * Messages are the string literals passed to `t(...)`, `l10n.t(...)`, `vscode.l10n.t(...)` and
 * `plural(count, one, other)` in client/src, server/src and common/src. A "bypass" is a string literal that
 * reads like prose (two words or more, after removing HTML tags) anywhere else in those files,
 * except where it cannot reach a user: log and error messages for developers, imports, type
 * positions. Known exceptions are listed in l10n/allowlist.txt (`path: literal`).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

export const REPO = path.resolve(__dirname, '..');
export const SOURCE_DIRS = ['client/src', 'server/src', 'common/src'];
/** Files without user-facing strings (declarations for other programs, documentation only). */
const SKIP = new Set(['common/src/protocol.ts']);
/** The helpers themselves pass messages through as variables. */
const HELPERS = new Set(['client/src/l10n.ts', 'server/src/core/l10n.ts', 'common/src/plural.ts']);
/** Calls whose literal arguments are always shown to the user, even single words ("Reset"). */
const UI_CALLS = /(^|\.)(show(Information|Warning|Error)Message|showQuickPick|showInputBox|createOutputChannel|createWebviewPanel|button)$/;
/** Properties whose literal values are shown to the user, even single words ("Previous"). */
const UI_PROPERTIES = new Set(['title', 'label', 'placeHolder', 'placeholder', 'prompt', 'openLabel', 'tooltip', 'detail', 'description', 'message', 'statusMessage', 'name']);

/** A literal in a UI position: starts with a letter and is not an identifier-like value (`walkthroughs.start`, `ok`). */
function looksLikeLabel(text: string): boolean {
  return /^[A-Z][a-z]/.test(text.trim()) && !/^[\w.-]+\.[\w.-]+$/.test(text.trim());
}

export interface Location {
  file: string;
  line: number;
}
export interface Bypass extends Location {
  text: string;
}

export function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(REPO, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.ts') && !SKIP.has(rel)) out.push(rel);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return out.sort();
}

/** Callee names whose arguments are developer-facing (logs, exceptions), never shown as UI. */
const DEVELOPER_CALLS = /^(console|log|logger|output|this\.output|server\.output|connection\.console)\.(log|info|warn|error|debug|trace|appendLine)$|^(Error|TypeError|RangeError)$|^Worker$|^(describeError|safely)$/;

function calleeName(expression: ts.Expression): string {
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return `${calleeName(expression.expression)}.${expression.name.text}`;
  if (expression.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  return '';
}

function isTranslateCall(name: string): 't' | 'plural' | undefined {
  if (name === 't' || name === 'l10n.t' || name === 'vscode.l10n.t' || name === 'strings.t') return 't';
  if (name === 'plural') return 'plural';
  return undefined;
}

/** Text of a literal as the user would read it; template substitutions become `{}`. */
function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('{}');
  return undefined;
}

/** Two or more words of letters outside HTML tags, attribute values and CSS/regex-looking text. */
export function looksLikeProse(text: string): boolean {
  const visible = text.replace(/<[^>]*>/g, ' ').replace(/&[a-z]+;/g, ' ');
  if (/^[\w.-]+(\/[\w.*-]+)+$/.test(visible.trim())) return false; // a path or glob
  return /[A-Za-z]{2,}[,.:;!?]?\s+[A-Za-z]{2,}/.test(visible);
}

interface Scan {
  messages: Map<string, Location[]>;
  bypasses: Bypass[];
  /** t()/plural() calls whose message is not a literal: the bundle cannot be checked for them. */
  dynamic: Location[];
}

export function scan(files = sourceFiles()): Scan {
  return scanTexts(files.map((file) => [file, readFileSync(path.join(REPO, file), 'utf8')]));
}

/** `scan` over given sources: [repo-relative path, text] pairs. */
export function scanTexts(sources: ReadonlyArray<readonly [string, string]>): Scan {
  const messages = new Map<string, Location[]>();
  const bypasses: Bypass[] = [];
  const dynamic: Location[] = [];
  for (const [file, text] of sources) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node): Location => ({ file, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    const consumed = new Set<ts.Node>();
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const name = calleeName(node.expression);
        const kind = isTranslateCall(name);
        if (kind) {
          const messageArgs = kind === 't' ? node.arguments.slice(0, 1) : node.arguments.slice(1, 3);
          for (const arg of messageArgs) {
            consumed.add(arg);
            const message = ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg) ? arg.text : undefined;
            if (message === undefined) {
              if (!HELPERS.has(file)) dynamic.push(where(arg));
            }
            else messages.set(message, [...(messages.get(message) ?? []), where(arg)]);
          }
        } else if (DEVELOPER_CALLS.test(name)) {
          for (const arg of node.arguments) markAll(arg, consumed);
        } else if (UI_CALLS.test(name)) {
          for (const arg of node.arguments) {
            const literal = literalText(arg);
            if (literal !== undefined && !looksLikeProse(literal) && looksLikeLabel(literal)) bypasses.push({ ...where(arg), text: literal });
          }
        }
      }
      if (ts.isPropertyAssignment(node) && UI_PROPERTIES.has(node.name.getText(source))) {
        const literal = literalText(node.initializer);
        if (literal !== undefined && !looksLikeProse(literal) && looksLikeLabel(literal)) bypasses.push({ ...where(node.initializer), text: literal });
      }
      if (ts.isNewExpression(node) && DEVELOPER_CALLS.test(calleeName(node.expression))) {
        for (const arg of node.arguments ?? []) markAll(arg, consumed);
      }
      if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node) || ts.isLiteralTypeNode(node)) return;
      if (!consumed.has(node)) {
        const literal = literalText(node);
        if (literal !== undefined) {
          if (looksLikeProse(literal)) bypasses.push({ ...where(node), text: literal });
          if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) visit(span.expression);
          return;
        }
      } else if (literalText(node) !== undefined) {
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { messages, bypasses, dynamic };
}

function markAll(node: ts.Node, set: Set<ts.Node>): void {
  set.add(node);
  ts.forEachChild(node, (child) => markAll(child, set));
}

/** `path: literal` lines of l10n/allowlist.txt (`#` starts a comment line). */
export function allowlist(): Set<string> {
  const lines = readFileSync(path.join(REPO, 'l10n/allowlist.txt'), 'utf8').split('\n');
  return new Set(lines.map((l) => l.trimEnd()).filter((l) => l && !l.startsWith('#')));
}

export function allowKey(bypass: Bypass): string {
  return `${bypass.file}: ${bypass.text.replace(/\n/g, '\\n')}`;
}

export function readBundle(name: string): Record<string, string> {
  return JSON.parse(readFileSync(path.join(REPO, 'l10n', name), 'utf8')) as Record<string, string>;
}

/** `{0}`, `{1}`, … of a message, sorted, so translations can be checked to keep them all. */
export function placeholders(message: string): string[] {
  return [...new Set(message.match(/\{\d+\}/g) ?? [])].sort();
}

function main(): void {
  const { messages, bypasses, dynamic } = scan();
  const english = Object.fromEntries([...messages.keys()].sort().map((m) => [m, m]));
  if (process.argv.includes('--write')) {
    writeFileSync(path.join(REPO, 'l10n/bundle.l10n.json'), `${JSON.stringify(english, null, 2)}\n`);
    console.log(`wrote l10n/bundle.l10n.json (${messages.size} messages)`);
  }
  const zh = readBundle('bundle.l10n.zh-cn.json');
  const missing = [...messages.keys()].filter((m) => !(m in zh));
  const stale = Object.keys(zh).filter((m) => !messages.has(m));
  const allowed = allowlist();
  const open = bypasses.filter((b) => !allowed.has(allowKey(b)));
  for (const m of missing) console.log(`missing zh-cn: ${JSON.stringify(m)}  (${messages.get(m)!.map((l) => `${l.file}:${l.line}`).join(', ')})`);
  for (const m of stale) console.log(`unused zh-cn: ${JSON.stringify(m)}`);
  for (const b of open) console.log(`bypass: ${b.file}:${b.line}: ${JSON.stringify(b.text)}`);
  for (const d of dynamic) console.log(`non-literal message: ${d.file}:${d.line}`);
  console.log(`${messages.size} messages, ${missing.length} missing in zh-cn, ${stale.length} unused, ${open.length} bypasses, ${dynamic.length} non-literal`);
}

if (require.main === module) main();
