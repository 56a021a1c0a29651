/**
 * Open documents kept as an array of lines, so that an incremental change costs what it touches,
 * not the size of the file.
 *
 * vscode-languageserver-textdocument rebuilds the whole string and shifts every following line
 * offset on each change: on a 1.5 MB file, 10,000 keystrokes (or one Replace All carrying 10,000
 * edits) kept the server busy for about a minute. Here a change replaces only the lines it spans
 * (each line keeps its own line break, so CRLF, CR and LF files come back byte for byte); the whole
 * text and the line offsets are built again only when someone asks, once per burst of changes
 * (the engine reads the text after the typing pause). Positions mean what they mean in LSP and in
 * that library: lines end at CRLF, CR or LF, a character past the end of a line is its end.
 *
 * Libraries considered: that package (the cost above); @codemirror/state's `Text` (a rope, but it
 * joins lines with one separator, so it cannot give back a file with mixed or CR line breaks);
 * vscode-textbuffer (VS Code's piece tree, unmaintained since 2018).
 */
import type { TextDocumentsConfiguration } from 'vscode-languageserver';
import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/** Splits text into lines that each keep their line break (`\r\n`, `\r` or `\n`); the last has none. */
export function splitKeepingBreaks(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    } else if (c === 10) {
      lines.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

/** The length of a line without its line break. */
function contentLength(line: string): number {
  let end = line.length;
  if (end > 0 && line.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && line.charCodeAt(end - 1) === 13) end--;
  return end;
}

const endsWithLoneCr = (line: string): boolean => line.charCodeAt(line.length - 1) === 13;

/** Replaces `count` items at `start` with `items`, without spreading a huge argument list. */
function replaceRange<T>(array: T[], start: number, count: number, items: T[]): T[] {
  if (items.length === count) {
    for (let i = 0; i < count; i++) array[start + i] = items[i]!;
    return array;
  }
  if (items.length < 10_000) {
    array.splice(start, count, ...items);
    return array;
  }
  return array.slice(0, start).concat(items, array.slice(start + count));
}

export class LineDocument implements TextDocument {
  private lines: string[];
  private text: string | undefined;
  private offsets: number[] | undefined;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    content: string,
  ) {
    this.lines = splitKeepingBreaks(content);
    this.text = content;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  getText(range?: Range): string {
    this.text ??= this.lines.join('');
    if (!range) return this.text;
    return this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    const offsets = this.lineOffsets();
    const text = this.getText();
    offset = Math.max(Math.min(offset, text.length), 0);
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offsets[mid]! > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    // An offset inside a line break is at the end of its line.
    return { line, character: Math.min(offset - offsets[line]!, contentLength(this.lines[line]!)) };
  }

  offsetAt(position: Position): number {
    const offsets = this.lineOffsets();
    if (position.line >= this.lines.length) return this.getText().length;
    if (position.line < 0) return 0;
    return offsets[position.line]! + this.column(position.line, position.character);
  }

  getLineRange(line: number): Range {
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const at = Math.min(line, this.lines.length - 1);
    return { start: { line: at, character: 0 }, end: { line: at, character: contentLength(this.lines[at]!) } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lines.length) return '';
    const text = this.lines[line]!;
    return text.slice(contentLength(text));
  }

  /** Applies LSP content changes in order (each range refers to the text left by the ones before). */
  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if ('range' in change && change.range) this.replace(change.range, change.text);
      else {
        this.lines = splitKeepingBreaks(change.text);
        this.text = change.text;
        this.offsets = undefined;
      }
    }
    this.currentVersion = version;
  }

  /** Clamps a character to the line's content, as LSP positions are. */
  private column(line: number, character: number): number {
    return Math.max(0, Math.min(character, contentLength(this.lines[line]!)));
  }

  /** A position as (line index, column), clamped like `offsetAt`: past the last line is the end. */
  private locate(position: Position): [number, number] {
    const last = this.lines.length - 1;
    if (position.line > last) return [last, this.lines[last]!.length];
    if (position.line < 0) return [0, 0];
    return [position.line, this.column(position.line, position.character)];
  }

  private replace(range: Range, text: string): void {
    let [startLine, startColumn] = this.locate(range.start);
    let [endLine, endColumn] = this.locate(range.end);
    if (startLine > endLine || (startLine === endLine && startColumn > endColumn)) {
      [startLine, startColumn, endLine, endColumn] = [endLine, endColumn, startLine, startColumn];
    }
    let fragment = this.lines[startLine]!.slice(0, startColumn) + text + this.lines[endLine]!.slice(endColumn);
    // A lone CR before the change and a LF at its start become one CRLF line break.
    if (startLine > 0 && fragment.charCodeAt(0) === 10 && endsWithLoneCr(this.lines[startLine - 1]!)) {
      startLine--;
      fragment = this.lines[startLine]! + fragment;
    }
    // (At its end there is nothing to join: the fragment ends with the end line's own break, or
    // the end line is the last one.)
    const replacement = splitKeepingBreaks(fragment);
    // The fragment's last line keeps the break of the line it came from; an empty tail piece is
    // the start of the next line, not a line of its own (unless this is the end of the document).
    if (endLine + 1 < this.lines.length && replacement.length > 1 && replacement[replacement.length - 1] === '') replacement.pop();
    this.lines = replaceRange(this.lines, startLine, endLine - startLine + 1, replacement);
    this.text = undefined;
    this.offsets = undefined;
  }

  private lineOffsets(): number[] {
    if (!this.offsets) {
      const offsets = new Array<number>(this.lines.length);
      let offset = 0;
      for (let i = 0; i < this.lines.length; i++) {
        offsets[i] = offset;
        offset += this.lines[i]!.length;
      }
      this.offsets = offsets;
    }
    return this.offsets;
  }
}

/** For `new TextDocuments(LINE_DOCUMENTS)`: documents updated in place, change by change. */
export const LINE_DOCUMENTS: TextDocumentsConfiguration<LineDocument> = {
  create: (uri, languageId, version, content) => new LineDocument(uri, languageId, version, content),
  update: (document, changes, version) => {
    document.update(changes, version);
    return document;
  },
};
