/**
 * A string as one YAML scalar on one line, to put after `key: ` or `- ` in a walkthrough file
 * (quick fixes, completions, step edits, landed copies). The `yaml` library picks the form; a
 * form that spans lines (block scalars for text with line breaks), or that a YAML 1.1 reader
 * would take for something else (`yes`, `on`, `0777`, …), becomes a double-quoted scalar, which
 * escapes everything on one line.
 */
import { parse, Scalar, stringify } from 'yaml';

const OPTIONS = { lineWidth: 0 } as const;

export function yamlScalar(text: string): string {
  const chosen = stringify(new Scalar(text), OPTIONS).trimEnd();
  if (!chosen.includes('\n') && readsBackAs(chosen, text)) return chosen;
  return doubleQuoted(text);
}

function doubleQuoted(text: string): string {
  const quoted = new Scalar(text);
  quoted.type = Scalar.QUOTE_DOUBLE;
  return stringify(quoted, OPTIONS).trimEnd();
}

function readsBackAs(scalar: string, text: string): boolean {
  try {
    return parse(scalar) === text && parse(scalar, { version: '1.1' }) === text;
  } catch {
    return false;
  }
}

/**
 * `text` in the quotes the user already typed (completion after `section: "`): single quotes
 * double their `'`; double quotes escape; text with line breaks is always double-quoted.
 */
export function yamlQuotedScalar(text: string, quote: '"' | "'"): string {
  const single = `'${text.replace(/'/g, "''")}'`;
  return quote === "'" && !/[\n\r]/.test(text) && readsBackAs(single, text) ? single : doubleQuoted(text);
}
