/**
 * Edits to walkthrough YAML that keep the user's comments and layout: each edit replaces only
 * one value (or inserts one key line), never re-serializes the document. Values are rendered by
 * the yaml library so that quoting is always right.
 */
import { lineStarts, splitLines } from '../text';
import type { LineSpan, Range } from '../types';
import { formatLines, parseWalkthrough, type StepSpec } from './parseWalkthrough';
import { yamlScalar } from './yamlScalar';

export interface TextEdit {
  range: Range;
  newText: string;
}

/** Replace the step's `lines` value with the given span (1-based text such as `80-84`). */
export function updateLinesEdit(step: StepSpec, span: LineSpan): TextEdit | undefined {
  const value = step.spans.lines?.value;
  // Never through an alias or anchor (another step shares the value) nor into a block scalar.
  if (!value || step.linesNotEditable !== undefined) return undefined;
  const text = formatLines(span);
  return { range: value, newText: text };
}

/**
 * Set the step's `anchor` to `anchorText` (one or more code lines): replaces an existing value or
 * inserts an `anchor:` key after `lines` (or after `file`). `yamlText` is the current YAML.
 */
export function setAnchorEdit(yamlText: string, step: StepSpec, anchorText: string): TextEdit | undefined {
  const lines = splitLines(yamlText);
  const existing = step.spans.anchor;
  const after = step.spans.lines ?? step.spans.file;
  const keyRange = existing?.key ?? after?.key;
  if (!keyRange) return undefined;
  const indent = /^\s*(?:-\s+)?/.exec(lines[keyRange.start.line] ?? '')![0].replace(/-/, ' ');
  const eol = yamlText.includes('\r\n') ? '\r\n' : '\n';
  const rendered = renderValue(anchorText, indent, eol);
  if (existing) {
    // A block scalar's range runs past its line break (and trailing blank lines): stop at its
    // last non-blank line so the keys and blank lines after it stay where they are.
    let end = existing.value.end;
    if (end.character === 0 && end.line > existing.key.start.line) {
      let line = end.line - 1;
      while (line > existing.key.start.line && (lines[line] ?? '').trim() === '') line--;
      end = { line, character: (lines[line] ?? '').length };
    }
    return { range: { start: existing.key.start, end }, newText: `anchor:${rendered}` };
  }
  // Insert on the line after the value of `lines`/`file` ends.
  const insertLine = after!.value.end.line + 1;
  if (insertLine >= lines.length) {
    // The value is on the last line and the file has no final line break: start a new line.
    const end = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    return { range: { start: end, end }, newText: `${eol}${indent}anchor:${rendered}` };
  }
  return { range: { start: { line: insertLine, character: 0 }, end: { line: insertLine, character: 0 } }, newText: `${indent}anchor:${rendered}${eol}` };
}

/** ` value` for one line, or a ` |-` block scalar indented under `indent` for several. */
function renderValue(text: string, indent: string, eol: string): string {
  const codeLines = text.split(/\r\n|\r|\n/).map((line) => line.trim());
  if (codeLines.length === 1) {
    return ` ${yamlScalar(codeLines[0]!)}`;
  }
  return ` |-${eol}${codeLines.map((line) => (line ? `${indent}  ${line}` : '')).join(eol)}`;
}

/** Apply edits (non-overlapping) to a text in one pass: linear in the text and the number of edits. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = lineStarts(text);
  const offset = (pos: Range['start']) => Math.min((starts[pos.line] ?? text.length) + pos.character, text.length);
  // At equal starts the edit given last comes first (as when applying them last first, one by one).
  const located = edits.map((edit, order) => ({ start: offset(edit.range.start), end: offset(edit.range.end), newText: edit.newText, order }));
  located.sort((a, b) => a.start - b.start || b.order - a.order);
  const parts: string[] = [];
  let done = 0;
  for (const edit of located) {
    parts.push(text.slice(done, Math.max(done, edit.start)), edit.newText);
    done = Math.max(done, edit.end);
  }
  parts.push(text.slice(done));
  return parts.join('');
}

/** Parse again after editing: an edit must never turn a valid file into an invalid one. */
export function stillParses(file: string, text: string): boolean {
  return !parseWalkthrough(file, text).diagnostics.some((d) => d.code === 'yaml-syntax');
}
