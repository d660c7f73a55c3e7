// Pure cache patches: what an event's data does to data the query cache holds. Each answers the new
// data (or the same object when nothing changed), or says that the cached data cannot be patched
// and must be fetched again. The dispatcher (dispatch.ts) applies them to the query client.
import type { InfiniteData } from "@tanstack/react-query";

import type { Schemas } from "../api/client";
import type { ConversationFilters } from "../features/conversations/api";
import type { PageOf } from "../lib/pages";

type Conversation = Schemas["Conversation"];
type Message = Schemas["ChannelMessage"];
type MessageList = Schemas["MessageList"];

/** The patched data, or `"refetch"` when only the server can say what the data is now. */
export type Patched<T> = T | "refetch";

/** The cached pages of a list, as `usePagedList` keeps them. */
export type Pages<T> = InfiniteData<PageOf<T>, string | undefined>;

/** `items` with `item` in place of the one with its id (the same array when it holds none). */
export function replaceById<T extends { id: string }>(items: T[], item: T): T[] {
  const index = items.findIndex((each) => each.id === item.id);
  if (index < 0) return items;
  const replaced = [...items];
  replaced[index] = item;
  return replaced;
}

/** Every page of `pages` with `item` in place of the one with its id. */
export function replaceInPages<T extends { id: string }>(pages: Pages<T>, item: T): Pages<T> {
  let changed = false;
  const next = pages.pages.map((page) => {
    const items = replaceById(page.items, item);
    changed ||= items !== page.items;
    return items === page.items ? page : { ...page, items };
  });
  return changed ? { ...pages, pages: next } : pages;
}

/** A thread's newest messages (newest first, by id: ids grow with time) with a new one, once. */
export function addMessage(list: MessageList, message: Message): MessageList {
  if (list.items.some((each) => each.id === message.id)) return list;
  const position = list.items.findIndex((each) => each.id < message.id);
  // A message older than every loaded one belongs to a page not loaded yet.
  if (position < 0 && list.next_cursor) return list;
  const items = [...list.items];
  items.splice(position < 0 ? items.length : position, 0, message);
  return { ...list, items };
}

/** A message whose status changed, in place; a message not loaded is left out. */
export function updateMessage(list: MessageList, message: Message): MessageList {
  const items = replaceById(list.items, message);
  return items === list.items ? list : { ...list, items };
}

/** Whether `conversation` belongs in a list asked with `filters` (what the server filters on). */
export function matchesFilters(filters: ConversationFilters, conversation: Conversation): boolean {
  return (
    (filters.kind === undefined || filters.kind === conversation.kind) &&
    (filters.status === undefined || filters.status === conversation.status) &&
    (filters.channel_id === undefined || filters.channel_id === conversation.channel_id) &&
    (filters.department_id === undefined || filters.department_id === (conversation.department_id ?? undefined)) &&
    (filters.assigned_to === undefined || filters.assigned_to === (conversation.assigned_to ?? undefined)) &&
    (filters.label_id === undefined || conversation.labels.some((label) => label.id === filters.label_id)) &&
    (filters.contact_id === undefined || filters.contact_id === (conversation.contact_id ?? undefined))
  );
}

/** The server's order: latest activity first, then id. */
function listsBefore(a: Conversation, b: Conversation): boolean {
  const [at, bt] = [Date.parse(a.last_message_at), Date.parse(b.last_message_at)];
  return at !== bt ? at > bt : a.id > b.id;
}

/** Who may see a conversation depends on these; the reader's visibility rule is the server's. */
function placementChanged(before: Conversation, after: Conversation): boolean {
  return (
    before.channel_id !== after.channel_id ||
    (before.department_id ?? null) !== (after.department_id ?? null) ||
    (before.assigned_to ?? null) !== (after.assigned_to ?? null) ||
    (before.contact_owner_id ?? null) !== (after.contact_owner_id ?? null)
  );
}

/**
 * A conversation list after `conversation` changed: moved to where its activity puts it, inserted
 * when it now matches the list's filter, removed when it no longer does. A change of placement
 * (transfer, assignment, wallet) of a conversation the list holds is refetched: the event also
 * reaches whoever saw it before, and only the server knows whether the reader still sees it.
 */
export function placeConversation(
  pages: Pages<Conversation>,
  filters: ConversationFilters,
  conversation: Conversation,
): Patched<Pages<Conversation>> {
  const cached = pages.pages.flatMap((page) => page.items).find((each) => each.id === conversation.id);
  if (cached && placementChanged(cached, conversation)) return "refetch";
  if (cached && Date.parse(cached.updated_at) > Date.parse(conversation.updated_at)) return pages; // a stale event
  const matches = matchesFilters(filters, conversation);
  if (!cached && !matches) return pages;
  const rows = pages.pages.map((page) => page.items.filter((each) => each.id !== conversation.id));
  if (matches) {
    const position = placeIn(rows, conversation);
    const complete = !pages.pages.at(-1)?.next_cursor;
    if (position) rows[position.page]?.splice(position.index, 0, conversation);
    else if (complete) rows.at(-1)?.push(conversation);
    // Otherwise it sorts after every loaded row: it shows up when the next page is loaded.
    else if (!cached) return pages;
  }
  return { ...pages, pages: pages.pages.map((page, index) => ({ ...page, items: rows[index] ?? page.items })) };
}

/** Where `conversation` goes among the loaded rows, if before one of them. */
function placeIn(pages: Conversation[][], conversation: Conversation): { page: number; index: number } | null {
  for (const [page, rows] of pages.entries()) {
    const index = rows.findIndex((each) => listsBefore(conversation, each));
    if (index >= 0) return { page, index };
  }
  return null;
}
