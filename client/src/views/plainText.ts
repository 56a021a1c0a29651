// Markdown-ish text (walkthrough descriptions) as one line of plain text for quick picks and
// tooltips that show text verbatim: no line breaks (`⏎`), no backticks, emphasis or link syntax.
// Pure, unit-tested.

export function plainText(markdown: string): string {
  return markdown
    .replace(/```[^\n]*\n?/g, ' ') // code fences
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/`+([^`]*)`+/g, '$1') // inline code
    .replace(/(\*\*|__)(.+?)\1/g, '$2') // strong
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, '$1$2') // emphasis
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/gm, '') // headings, quotes, list markers
    .replace(/`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
