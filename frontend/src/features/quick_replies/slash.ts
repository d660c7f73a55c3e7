// The composer's quick replies (issue 18.1): typing `/` at the start of the text or after a space opens the list,
// filtered by what follows it; choosing one puts its text, filled for the conversation, in place of `/what-was-typed`.

/** The `/shortcut` being typed at the end of the text: the term after the slash, and where the slash is. */
export interface SlashQuery {
  term: string;
  start: number;
}

/** The slash query the text ends with, if any: `/` at the start or after a space, then letters, digits, `-` or `_`. */
export function slashQuery(text: string): SlashQuery | null {
  const match = /(^|\s)\/([\p{L}\p{N}_-]*)$/u.exec(text);
  if (!match) return null;
  const [, before = "", term = ""] = match;
  return { term: term.toLowerCase(), start: match.index + before.length };
}

/** Lower case, without accents: "Saudação" finds "saudacao". */
export function folded(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

interface Searchable {
  shortcut: string;
  text: string;
}

/** The replies a term finds: those whose shortcut starts with it first, then those whose shortcut or text holds it. */
export function matchingReplies<T extends Searchable>(replies: T[], term: string): T[] {
  const wanted = folded(term);
  const starts = replies.filter((reply) => folded(reply.shortcut).startsWith(wanted));
  const holds = replies.filter(
    (reply) =>
      !folded(reply.shortcut).startsWith(wanted) &&
      (folded(reply.shortcut).includes(wanted) || folded(reply.text).includes(wanted)),
  );
  return [...starts, ...holds];
}

/** The text with the slash query replaced by the reply's text. */
export function insertReply(text: string, query: SlashQuery, replyText: string): string {
  return text.slice(0, query.start) + replyText;
}

/** The next highlighted entry of a list of `count` when moving by `step` (wrapping around). */
export function moved(index: number, step: number, count: number): number {
  if (count === 0) return 0;
  return (index + step + count) % count;
}
