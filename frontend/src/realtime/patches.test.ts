import { describe, expect, it } from "vitest";

import type { Schemas } from "../api/client";
import {
  type Pages,
  addMessage,
  matchesFilters,
  placeConversation,
  replaceById,
  replaceInPages,
  updateMessage,
} from "./patches";

type Conversation = Schemas["Conversation"];
type Message = Schemas["ChannelMessage"];

// uuid v7 ids sort by time, as the server's do.
const messageId = (n: number) => `0190a000-0000-7000-8000-${String(n).padStart(12, "0")}`;

function message(n: number, changes: Partial<Message> = {}): Message {
  return {
    id: messageId(n),
    channel_id: "c1",
    chat_id: "5511999990000",
    created_at: "2026-12-02T10:00:00Z",
    direction: "inbound",
    external_id: `wamid.${n}`,
    sender: "5511999990000",
    sent_at: "2026-12-02T10:00:00Z",
    status: "received",
    kind: "text",
    text: `Mensagem ${n}`,
    contacts: [],
    reactions: [],
    ...changes,
  };
}

function conversation(id: string, minute: number, changes: Partial<Conversation> = {}): Conversation {
  const at = `2026-12-02T10:${String(minute).padStart(2, "0")}:00Z`;
  return {
    id,
    channel_id: "c1",
    kind: "direct",
    chat_id: `chat-${id}`,
    title: `Cliente ${id}`,
    status: "open",
    awaiting_choice: false,
    unread_count: 0,
    last_message_at: at,
    last_message_kind: "text",
    labels: [],
    created_at: "2026-12-01T00:00:00Z",
    updated_at: at,
    assigned_to: "me",
    ...changes,
  };
}

function pages(...loaded: { items: Conversation[]; next_cursor?: string | null }[]): Pages<Conversation> {
  return { pages: loaded, pageParams: loaded.map((_, index) => (index === 0 ? undefined : `cursor${index}`)) };
}

const ids = (list: Pages<Conversation> | "refetch") =>
  list === "refetch" ? list : list.pages.map((page) => page.items.map((item) => item.id));

describe("thread messages", () => {
  const thread = { items: [message(3), message(2)], next_cursor: null };

  it("puts a new message first, once", () => {
    const added = addMessage(thread, message(4));
    expect(added.items.map((each) => each.id)).toEqual([messageId(4), messageId(3), messageId(2)]);
    expect(addMessage(added, message(4))).toBe(added);
  });

  it("places a late message by its id and leaves one older than a partial page out", () => {
    expect(addMessage(thread, message(1)).items.at(-1)?.id).toBe(messageId(1));
    const partial = { ...thread, next_cursor: "older" };
    expect(addMessage(partial, message(1))).toBe(partial);
  });

  it("changes a status in place and ignores a message not loaded", () => {
    const updated = updateMessage(thread, message(2, { status: "read" }));
    expect(updated.items[1]?.status).toBe("read");
    expect(updated.items[0]).toBe(thread.items[0]);
    expect(updateMessage(thread, message(9))).toBe(thread);
  });
});

describe("replacing by id", () => {
  it("replaces the item with the id and keeps the rest", () => {
    const items = [
      { id: "a", n: 1 },
      { id: "b", n: 1 },
    ];
    expect(replaceById(items, { id: "b", n: 2 })).toEqual([
      { id: "a", n: 1 },
      { id: "b", n: 2 },
    ]);
    expect(replaceById(items, { id: "z", n: 2 })).toBe(items);
  });

  it("looks in every page", () => {
    const list = pages({ items: [conversation("a", 9)] }, { items: [conversation("b", 1)] });
    const replaced = replaceInPages(list, conversation("b", 1, { title: "Novo" }));
    expect(replaced.pages[1]?.items[0]?.title).toBe("Novo");
    expect(replaced.pages[0]).toBe(list.pages[0]);
    expect(replaceInPages(list, conversation("z", 1))).toBe(list);
  });
});

describe("conversation filters", () => {
  it("match what the server filters on", () => {
    const open = conversation("a", 1, { department_id: "d1" });
    expect(matchesFilters({}, open)).toBe(true);
    expect(matchesFilters({ kind: "direct", status: "open", assigned_to: "me", department_id: "d1" }, open)).toBe(true);
    expect(matchesFilters({ kind: "group" }, open)).toBe(false);
    expect(matchesFilters({ status: "pending" }, open)).toBe(false);
    expect(matchesFilters({ assigned_to: "other" }, open)).toBe(false);
    expect(matchesFilters({ department_id: "d1" }, conversation("b", 1))).toBe(false);
    expect(matchesFilters({ channel_id: "c2" }, open)).toBe(false);
    const vip = conversation("v", 1, { labels: [{ id: "l1", name: "VIP", colour: "blue" }] });
    expect(matchesFilters({ label_id: "l1" }, vip)).toBe(true);
    expect(matchesFilters({ label_id: "l1" }, open)).toBe(false);
  });
});

describe("placing a conversation in a list", () => {
  const list = pages({
    items: [conversation("a", 30), conversation("b", 20), conversation("c", 10)],
    next_cursor: "p2",
  });

  it("moves a conversation with a new message to the top", () => {
    const placed = placeConversation(list, {}, conversation("c", 40, { unread_count: 1 }));
    expect(ids(placed)).toEqual([["c", "a", "b"]]);
  });

  it("inserts a new conversation where its activity puts it", () => {
    expect(ids(placeConversation(list, {}, conversation("n", 25)))).toEqual([["a", "n", "b", "c"]]);
  });

  it("leaves out one that sorts after the loaded rows while more pages exist, and appends it when none do", () => {
    expect(placeConversation(list, {}, conversation("old", 1))).toBe(list);
    const complete = pages({ items: list.pages[0]?.items ?? [], next_cursor: null });
    expect(ids(placeConversation(complete, {}, conversation("old", 1)))).toEqual([["a", "b", "c", "old"]]);
  });

  it("removes one that no longer matches the filter and ignores one that never did", () => {
    const closed = conversation("b", 35, { status: "closed" });
    expect(ids(placeConversation(list, { status: "open" }, closed))).toEqual([["a", "c"]]);
    expect(placeConversation(list, { status: "open" }, conversation("x", 50, { status: "closed" }))).toBe(list);
  });

  it("refetches when a listed conversation changes hands: only the server knows who sees it now", () => {
    expect(placeConversation(list, {}, conversation("b", 20, { assigned_to: "other" }))).toBe("refetch");
    expect(placeConversation(list, {}, conversation("b", 20, { department_id: "d2" }))).toBe("refetch");
  });

  it("drops an event older than the cached row", () => {
    const stale = conversation("a", 5, { updated_at: "2026-12-02T09:00:00Z", title: "Antigo" });
    expect(placeConversation(list, {}, stale)).toBe(list);
  });

  it("moves a row across pages", () => {
    const two = pages({ items: [conversation("a", 30)], next_cursor: "p2" }, { items: [conversation("b", 20)] });
    expect(ids(placeConversation(two, {}, conversation("b", 40)))).toEqual([["b", "a"], []]);
  });
});
