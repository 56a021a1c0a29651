/**
 * Titles and questions for imported steps that read like a person wrote them (pure).
 *
 * A question is taken only from a sentence that is one: the memo's "面试问题 1：", "Q2:", list
 * markers, quotes and a trailing "回答：" are stripped, and what is left must end with a question
 * mark or start like a question ("如何…", "why…"), with enough words to ask something ("下单？" is
 * not a question). A title is never a blockquote marker, a bare file or folder name, or the
 * question again.
 */

const LIST_MARKER = /^(?:[-=]+>\s*|<[-=]+\s*|[>#]+\s*|[-*+•]\s+|\(?[\dA-Za-z]{1,3}[.、)）]\s*|[\dA-Za-z]{1,3}\s*[:：]\s*)+/;
const QUESTION_LABEL = /^(?:面试官?(?:问|追问|问题|会问|提问)(?:到|过)?|追问|面试题|问题|题目|interview(?:er)?\s*(?:asks?|question)|question|q)\s*\d{0,3}\s*(?:[:：.、)]|到|\s)\s*/i;
const ANSWER_MARKER = /\s*(?:回答|答案|答|参考答案|answer|a)\s*[:：]/i;
const QUOTES = /^[“"「『'‘]+|[”"」』'’]+$/g;
const QUESTION_START = /^(?:如何|怎么|怎样|为什么|为何|什么|哪些|哪个|哪里|是否|能否|可否|有没有|是不是|会不会|how|why|what|when|where|which|who|does|do|is|are|can|could|should|would|will)\b|^(?:如何|怎么|怎样|为什么|为何|什么|哪些|哪个|哪里|是否|能否|可否|有没有|是不是|会不会)/i;
const QUESTION_WORDS = /如何|怎么|怎样|为什么|为何|什么|哪些|哪个|是否|能否|有没有|是不是|会不会|吗|呢|\b(?:how|why|what|when|where|which)\b/i;

/** The question a memo sentence asks, cleaned; undefined when it does not ask one. */
export function cleanQuestion(text: string | undefined): string | undefined {
  if (!text) return undefined;
  let question = text.replace(/\s+/g, ' ').trim();
  // Strip labels and markers in any order ("- 面试问题 1：“…”").
  for (let previous = ''; previous !== question; ) {
    previous = question;
    question = question.replace(LIST_MARKER, '').replace(QUESTION_LABEL, '').replace(QUOTES, '').trim();
  }
  // The answer that follows on the same line is not part of the question.
  const answer = ANSWER_MARKER.exec(question);
  if (answer && answer.index > 0) question = question.slice(0, answer.index).trim();
  question = question.replace(QUOTES, '').trim();
  // The question sentences it starts with ("会过期吗？过期了怎么办？"), not the remark after them.
  const asked = /^(?:[^？?。！!]*[？?][)）\]】」』”"]?\s*)+/.exec(question)?.[0];
  if (asked) question = asked.trim();
  else if (QUESTION_START.test(question)) question += /[\u3400-\u9fff]/.test(question) ? '？' : '?';
  else return undefined;
  const words = question.replace(/[？?]$/, '').replace(/[\s\p{P}]/gu, '');
  // "下单？" asks nothing: a question needs a few words, or a question word and a subject.
  if (words.length < 4 && !(words.length >= 3 && QUESTION_WORDS.test(question))) return undefined;
  if (question.length > 200) question = `${question.slice(0, 199)}…`;
  return question;
}

/** A title from memo text with blockquote and list markers and quotes removed; a bare name is no title. */
export function cleanTitle(text: string | undefined): string | undefined {
  if (!text) return undefined;
  let title = text.replace(/\s+/g, ' ').trim();
  for (let previous = ''; previous !== title; ) {
    previous = title;
    title = title.replace(LIST_MARKER, '').replace(QUOTES, '').trim();
  }
  if (title.length < 2 || isBareName(title)) return undefined;
  return title;
}

/** `order_srv`, `order.go`, `handler/inventory.go`: a file or folder name, not a title. */
export function isBareName(text: string): boolean {
  return /^[\w.-]+(?:\/[\w.-]+)*\/?$/.test(text) && (/[_./]/.test(text) || /^[a-z0-9-]+$/.test(text));
}

/** Normalized for comparing a title with a question: no punctuation, spaces or case. */
function plainWords(text: string): string {
  return text.replace(/[\s\p{P}]/gu, '').toLowerCase();
}

/** The title, unless it only repeats the question: then the first alternative that does not. */
export function titleBesideQuestion(title: string, question: string | undefined, ...alternatives: Array<string | undefined>): string {
  if (!question || plainWords(title) !== plainWords(question)) return title;
  return alternatives.find((a): a is string => !!a && plainWords(a) !== plainWords(question)) ?? title;
}
