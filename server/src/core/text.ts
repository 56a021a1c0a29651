/** Decoding files and comparing lines. */
import { t } from './l10n';


/** Offsets where each line starts; lines end at LF, CRLF or a lone CR (as in splitLines and in editors). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (const match of text.matchAll(/\r\n|\r|\n/g)) starts.push(match.index + match[0].length);
  return starts;
}

/** Files larger than this are not read for anchors (a diagnostic says so). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export type TextResult =
  | { kind: 'text'; text: string }
  | { kind: 'missing' }
  | { kind: 'binary' }
  | { kind: 'undecodable' }
  | { kind: 'too-large'; bytes: number };

const decoder = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le', { fatal: true });
const utf16be = new TextDecoder('utf-16be', { fatal: true });

export function decodeText(bytes: Uint8Array | undefined): TextResult {
  if (!bytes) return { kind: 'missing' };
  if (bytes.byteLength > MAX_FILE_BYTES) return { kind: 'too-large', bytes: bytes.byteLength };
  // UTF-16 (with its byte order mark, as Windows tools write it) has NUL bytes but is text.
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? utf16le : bytes[0] === 0xfe && bytes[1] === 0xff ? utf16be : undefined;
  if (utf16) {
    try {
      return { kind: 'text', text: utf16.decode(bytes.subarray(2)) };
    } catch {
      return { kind: 'undecodable' };
    }
  }
  const probe = bytes.subarray(0, 8000);
  if (probe.includes(0)) return { kind: 'binary' };
  try {
    let text = decoder.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { kind: 'text', text };
  } catch {
    return { kind: 'undecodable' };
  }
}

export function describeUnreadable(result: Exclude<TextResult, { kind: 'text' }>): string {
  switch (result.kind) {
    case 'missing':
      return t('does not exist');
    case 'binary':
      return t('is a binary file');
    case 'undecodable':
      return t('is not valid UTF-8 text');
    case 'too-large':
      return t('is too large ({0} KiB; the limit is {1} MiB)', Math.round(result.bytes / 1024), MAX_FILE_BYTES / 1024 / 1024);
  }
}

/** The text up to its first line break (a parser's message is often several lines). */
export function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}

export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** A line as anchors compare it: indentation and trailing white space ignored. */
export function normalizeLine(line: string): string {
  return line.trim();
}

/** The lines of an anchor block, normalized, without leading and trailing blank lines. */
export function anchorLines(anchor: string): string[] {
  const lines = splitLines(anchor).map(normalizeLine);
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
