// The text of the talking-points editor (pointsEditor.ts), pure and unit-tested: an instruction
// comment on the first line that markdown does not show and that is never saved.

/** The first line of the editor: `instruction` as an HTML comment (`--` cannot end it early). */
export function pointsHeader(instruction: string): string {
  return `<!-- ${instruction.replace(/--+/g, '–')} -->`;
}

/** The talking points the editor holds: without a leading HTML comment (the instruction), trimmed, LF line ends. */
export function pointsFromEditor(text: string): string {
  let body = text.replace(/^\uFEFF/, '');
  const header = /^\s*<!--[\s\S]*?-->[ \t]*(\r?\n|$)/.exec(body);
  if (header) body = body.slice(header[0].length);
  return body.replace(/\r\n?/g, '\n').trim();
}
