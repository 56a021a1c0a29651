// The text of the talking-points editor (pointsEditor.ts), pure and unit-tested: an instruction
// comment on the first line that markdown does not show and that is never saved.

/** The first line of the editor: `instruction` as an HTML comment (`--` cannot end it early). */
export function pointsHeader(instruction: string): string {
  return `<!-- ${instruction.replace(/--+/g, '–')} -->`;
}

/**
 * The talking points the editor holds: without the instruction (`header`, wherever it ended up —
 * text typed before it stays) or, without one given, a leading HTML comment; trimmed, LF line ends.
 */
export function pointsFromEditor(text: string, header?: string): string {
  let body = text.replace(/^\uFEFF/, '');
  if (header !== undefined && body.includes(header)) {
    const at = body.indexOf(header);
    const before = body.slice(0, at).trimEnd();
    const after = body.slice(at + header.length).replace(/^[ \t]*\r?\n/, '');
    return (before && after.trim() ? `${before}\n${after}` : before + after).replace(/\r\n?/g, '\n').trim();
  }
  const comment = /^\s*<!--[\s\S]*?-->[ \t]*(\r?\n|$)/.exec(body);
  if (comment) body = body.slice(comment[0].length);
  return body.replace(/\r\n?/g, '\n').trim();
}
