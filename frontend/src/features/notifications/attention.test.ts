import { describe, expect, it } from "vitest";

import type { Schemas } from "../../api/client";
import { type Watch, attentionFor, stillAsks, transferAttention } from "./attention";

type Conversation = Schemas["Conversation"];

const conversation = (changes: Partial<Conversation> = {}): Conversation => ({
  id: "c1",
  channel_id: "ch",
  kind: "direct",
  chat_id: "+5511999990000",
  title: "Maria",
  status: "pending",
  awaiting_choice: false,
  unread_count: 1,
  last_message_at: "2026-12-03T10:00:00Z",
  last_message_kind: "text",
  labels: [],
  created_at: "2026-12-03T10:00:00Z",
  updated_at: "2026-12-03T10:00:00Z",
  ...changes,
});

const watch = (changes: Partial<Watch> = {}): Watch => ({
  me: "bia",
  open: null,
  hidden: false,
  announced: new Set(),
  unread: new Map(),
  ...changes,
});

describe("a conversation waiting in a queue", () => {
  it("is announced when it starts waiting, once for as long as it waits", () => {
    const tab = watch();
    expect(attentionFor(conversation(), undefined, tab)?.kind).toBe("waiting");
    expect(attentionFor(conversation({ unread_count: 2 }), undefined, tab)).toBeNull();
  });

  it("is announced again when it waits again after being answered", () => {
    const tab = watch();
    attentionFor(conversation(), undefined, tab);
    attentionFor(conversation({ status: "open", assigned_to: "ana", unread_count: 0 }), undefined, tab);
    expect(attentionFor(conversation({ unread_count: 1 }), undefined, tab)?.kind).toBe("waiting");
  });

  it("is not announced when the tab already knew it waiting", () => {
    expect(attentionFor(conversation({ unread_count: 3 }), conversation(), watch())).toBeNull();
  });

  it("is not announced while the attendant is looking at it, and is when the tab is hidden", () => {
    expect(attentionFor(conversation(), undefined, watch({ open: "c1" }))).toBeNull();
    expect(attentionFor(conversation(), undefined, watch({ open: "c1", hidden: true }))?.kind).toBe("waiting");
    expect(attentionFor(conversation(), undefined, watch({ open: "other" }))?.kind).toBe("waiting");
  });
});

describe("a message in a conversation", () => {
  const mine = (unread: number) => conversation({ status: "open", assigned_to: "bia", unread_count: unread });

  it("assigned to me asks for attention when the customer writes", () => {
    const tab = watch();
    expect(attentionFor(mine(1), mine(0), tab)?.kind).toBe("message");
    expect(attentionFor(mine(2), mine(1), tab)?.kind).toBe("message");
  });

  it("does not when nothing new was received (read, or another change)", () => {
    const tab = watch();
    expect(attentionFor(mine(1), mine(1), tab)).toBeNull();
    expect(attentionFor(mine(0), mine(1), tab)).toBeNull();
  });

  it("learns the count of a conversation it sees for the first time instead of announcing it", () => {
    const tab = watch();
    expect(attentionFor(mine(3), undefined, tab)).toBeNull();
    expect(attentionFor(mine(4), undefined, tab)?.kind).toBe("message");
  });

  it("remembers the count it saw last, whatever the cache holds", () => {
    const tab = watch();
    attentionFor(mine(1), mine(0), tab);
    expect(attentionFor(mine(1), undefined, tab)).toBeNull();
  });

  it("assigned to someone else does not, and no longer asks me", () => {
    const theirs = conversation({ status: "open", assigned_to: "ana", unread_count: 1 });
    expect(attentionFor(theirs, undefined, watch())).toBeNull();
    expect(stillAsks(theirs, "bia")).toBe(false);
    expect(stillAsks(conversation(), "bia") && stillAsks({ ...theirs, assigned_to: "bia" }, "bia")).toBe(true);
  });

  it("does not while it is open in the visible tab", () => {
    expect(attentionFor(mine(1), mine(0), watch({ open: "c1" }))).toBeNull();
    expect(attentionFor(mine(1), mine(0), watch({ open: "c1", hidden: true }))?.kind).toBe("message");
  });
});

describe("a transfer", () => {
  const transfer = (to: string, by = "ana") =>
    ({
      id: "m1",
      conversation_id: "c1",
      kind: "transfer",
      text: "Já confirmei o CPF.",
      transfer: { by: { id: by, name: "Ana" }, to_user: { id: to, name: "Bia" }, to_department: null },
    }) as unknown as Parameters<typeof transferAttention>[0];

  it("to me asks for attention, worded with who sent it and the note", () => {
    expect(transferAttention(transfer("bia"), watch())).toEqual({
      kind: "transferred",
      conversationId: "c1",
      name: "Ana",
      body: "Já confirmei o CPF.",
    });
  });

  it("to someone else, or by me, or while I look at it, does not", () => {
    expect(transferAttention(transfer("carla"), watch())).toBeNull();
    expect(transferAttention(transfer("bia", "bia"), watch())).toBeNull();
    expect(transferAttention(transfer("bia"), watch({ open: "c1" }))).toBeNull();
  });
});
