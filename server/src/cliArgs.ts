/** Small helpers shared by the CLI's subcommands: options with values, and the workspace folder of a file. */
import { t } from './core/l10n';
import * as path from 'node:path';

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string>;
  /** Options given without a value, or not in `valued`. */
  problems: string[];
}

/** `--name value` and `--name=value` for the options in `valued`; anything else starting with `--` is a problem. */
export function parseArgs(argv: string[], valued: readonly string[]): ParsedArgs {
  const result: ParsedArgs = { positional: [], options: new Map(), problems: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      result.positional.push(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!valued.includes(name)) {
      result.problems.push(t('Unknown option {0}', name));
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') result.problems.push(`${name} needs a value`);
    else result.options.set(name, value);
  }
  return result;
}

/**
 * The workspace folder a walkthrough file belongs to, for commands given one file: a CodeTour
 * tour's (the folder holding `.tours`, `.vscode/tours` or `.github/tours`); else the current
 * folder when the file is inside it; else the file's own folder.
 */
export function workspaceFolderOf(file: string, cwd = process.cwd()): string {
  const parts = path.dirname(file).split(path.sep);
  for (const tail of [['.vscode', 'tours'], ['.github', 'tours'], ['.tours']]) {
    for (let i = parts.length - tail.length; i >= 0; i--) {
      if (tail.every((segment, k) => parts[i + k] === segment)) return parts.slice(0, i).join(path.sep) || path.sep;
    }
  }
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? cwd : path.dirname(file);
}

/** Where a subcommand writes (process.stdout / process.stderr, or a test's sink). */
export interface Writer {
  write(text: string): unknown;
}

/**
 * Every line the CLI prints passes through here. Messages quote walkthrough, memo and file-name
 * text: control characters (escape sequences that could rewrite the terminal, line breaks that
 * could forge a report line), line and paragraph separators, and bidirectional marks, embeddings,
 * overrides and isolates are shown escaped (`\u{1b}`), never sent to the terminal.
 */
export function terminalSafe(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** A writer whose every line goes through `terminalSafe` (the line breaks between lines stay). */
export function terminalSafeWriter(writer: Writer): Writer {
  return { write: (chunk: string) => writer.write(chunk.split('\n').map(terminalSafe).join('\n')) };
}
