// When a change in Chat asks for the attendant's attention (issue 18.7): a conversation that starts waiting in a
// queue the attendant sees, or a customer's new message in a conversation assigned to them. Pure rules; the
// signals (browser notification, sound, count in the tab's title) are in ./signals.ts.
import type { Schemas } from "../../api/client";

type Conversation = Schemas["Conversation"];

export type Attention =
  { kind: "waiting"; conversation: Conversation } | { kind: "message"; conversation: Conversation };

/** What the tab knows when a conversation's change arrives. */
export type Watch = {
  /** The signed-in user. */
  me: string;
  /** The conversation open in Chat, if any. */
  open: string | null;
  /** The tab is in the background (another tab, a minimised window). */
  hidden: boolean;
  /** Conversations already announced as waiting, until they stop waiting: each wait is announced once. */
  announced: Set<string>;
  /** The unread count each conversation had at its last change seen here. */
  unread: Map<string, number>;
};

/** The attention `now` (the conversation as its event has it) asks for, given what the tab held before
 * (`before`, if it held it); `watch` learns the change. Nothing while the attendant is looking at it. */
export function attentionFor(now: Conversation, before: Conversation | undefined, watch: Watch): Attention | null {
  const attention = changeOf(now, before, watch);
  const looking = !watch.hidden && watch.open === now.id;
  return attention && !looking ? attention : null;
}

function changeOf(now: Conversation, before: Conversation | undefined, watch: Watch): Attention | null {
  const unreadBefore = watch.unread.get(now.id) ?? before?.unread_count ?? 0;
  watch.unread.set(now.id, now.unread_count);
  if (!waiting(now)) {
    watch.announced.delete(now.id);
    const received = now.unread_count > unreadBefore;
    return now.assigned_to === watch.me && received ? { kind: "message", conversation: now } : null;
  }
  if (watch.announced.has(now.id) || (before && waiting(before))) return null;
  watch.announced.add(now.id);
  return { kind: "waiting", conversation: now };
}

function waiting(conversation: Conversation): boolean {
  return conversation.status === "pending" && !conversation.assigned_to;
}
