// When a change in Chat asks for the attendant's attention (issue 18.7): a conversation that starts waiting in a
// queue the attendant sees, a customer's new message in a conversation assigned to them, or a conversation a
// colleague transferred to them (issue 18.6). Pure rules; the
// signals (browser notification, sound, count in the tab's title) are in ./signals.ts.
import type { Schemas } from "../../api/client";

type Conversation = Schemas["Conversation"];
type Message = Schemas["MessageEventData"];

/** What asks for attention, in which conversation; `name` (a contact, a colleague) and `body` word it. */
export type Attention = {
  kind: "waiting" | "message" | "transferred";
  conversationId: string;
  name: string;
  body: string;
};

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
  const kind = changeOf(now, before, watch);
  if (!kind || looking(watch, now.id)) return null;
  return { kind, conversationId: now.id, name: now.title, body: now.last_message_preview ?? "" };
}

/** A colleague transferred a conversation to me (the thread's `transfer` message): the note they left is the body. */
export function transferAttention(message: Message, watch: Watch): Attention | null {
  const { transfer, conversation_id: conversationId } = message;
  if (message.kind !== "transfer" || !transfer || !conversationId) return null;
  const toMe = transfer.to_user?.id === watch.me && transfer.by.id !== watch.me;
  if (!toMe || looking(watch, conversationId)) return null;
  return { kind: "transferred", conversationId, name: transfer.by.name, body: message.text };
}

/** The attendant has the conversation before their eyes. */
function looking(watch: Watch, conversationId: string): boolean {
  return !watch.hidden && watch.open === conversationId;
}

function changeOf(now: Conversation, before: Conversation | undefined, watch: Watch): "waiting" | "message" | null {
  // Unknown before (never seen here): its count is learnt, not taken as news.
  const unreadBefore = watch.unread.get(now.id) ?? before?.unread_count ?? now.unread_count;
  watch.unread.set(now.id, now.unread_count);
  if (!waiting(now)) {
    watch.announced.delete(now.id);
    const received = now.unread_count > unreadBefore;
    return now.assigned_to === watch.me && received ? "message" : null;
  }
  if (watch.announced.has(now.id) || (before && waiting(before))) return null;
  watch.announced.add(now.id);
  return "waiting";
}

/** Whether the conversation still asks this attendant for something: it waits in a queue, or it is theirs. */
export function stillAsks(conversation: Conversation, me: string): boolean {
  return waiting(conversation) || conversation.assigned_to === me;
}

function waiting(conversation: Conversation): boolean {
  return conversation.status === "pending" && !conversation.assigned_to;
}
