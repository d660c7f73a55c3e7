import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";

import type { Schemas } from "../api/client";
import { earlyAnswer } from "../api/early";
import { conversationKey, conversationListsKey, messagesKey } from "../features/conversations/api";
import { keys } from "../lib/queryKeys";
import { applyEvent } from "./dispatch";
import type { RealtimeEvent } from "./events";

type Conversation = Schemas["Conversation"];

const message: Schemas["ChannelMessage"] = {
  id: "0190a000-0000-7000-8000-000000000002",
  channel_id: "c1",
  chat_id: "5511999990000",
  created_at: "2026-12-02T10:05:00Z",
  direction: "inbound",
  external_id: "wamid.2",
  sender: "5511999990000",
  sent_at: "2026-12-02T10:05:00Z",
  status: "received",
  kind: "text",
  text: "Olá",
  contacts: [],
  reactions: [],
};

const conversation: Conversation = {
  id: "conv",
  channel_id: "c1",
  kind: "direct",
  chat_id: "5511999990000",
  title: "Cliente",
  status: "open",
  awaiting_choice: false,
  unread_count: 1,
  last_message_at: "2026-12-02T10:05:00Z",
  last_message_kind: "text",
  labels: [],
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-02T10:05:00Z",
  assigned_to: "me",
};

function cacheWithChat() {
  const client = new QueryClient();
  client.setQueryData(messagesKey("conv"), { items: [], next_cursor: null });
  const older = { ...conversation, id: "older", last_message_at: "2026-12-02T09:00:00Z" };
  const list = { pages: [{ items: [older], next_cursor: null }], pageParams: [undefined] };
  client.setQueryData([...conversationListsKey, { kind: "direct" }], list);
  client.setQueryData([...conversationListsKey, { kind: "group" }], list);
  return client;
}

const event = (value: Omit<RealtimeEvent, "cursor">) => ({ cursor: 7, ...value }) as RealtimeEvent;

describe("applyEvent", () => {
  it("appends a received message to its open thread and fetches nothing", () => {
    const client = cacheWithChat();
    const refetch = applyEvent(
      client,
      event({ type: "message.created", data: { ...message, conversation_id: "conv" } }),
    );
    expect(refetch).toEqual([]);
    expect(client.getQueryData<Schemas["MessageList"]>(messagesKey("conv"))?.items).toEqual([
      { ...message, conversation_id: "conv" },
    ]);
  });

  it("shows a message's new reactions in place in its thread", () => {
    const client = cacheWithChat();
    client.setQueryData(messagesKey("conv"), { items: [message], next_cursor: null });
    const reacted = { ...message, reactions: [{ emoji: "👍", senders: ["5511999990000"] }], conversation_id: "conv" };
    expect(applyEvent(client, event({ type: "message.updated", data: reacted }))).toEqual([]);
    expect(client.getQueryData<Schemas["MessageList"]>(messagesKey("conv"))?.items).toEqual([reacted]);
  });

  it("refetches the lists showing a conversation whose preview a written message changed", () => {
    const client = cacheWithChat();
    const written = { ...message, direction: "outbound" as const, conversation_id: "older" };
    const refetch = applyEvent(client, event({ type: "message.created", data: written }));
    expect(refetch).toEqual(
      expect.arrayContaining([[...conversationListsKey, { kind: "direct" }], conversationKey("older")]),
    );
  });

  it("moves an updated conversation into the lists whose filter it matches", () => {
    const client = cacheWithChat();
    expect(applyEvent(client, event({ type: "conversation.updated", data: conversation }))).toEqual([]);
    const direct = client.getQueryData<{ pages: { items: Conversation[] }[] }>([
      ...conversationListsKey,
      { kind: "direct" },
    ]);
    expect(direct?.pages[0]?.items.map((each) => each.id)).toEqual(["conv", "older"]);
    const group = client.getQueryData<{ pages: { items: Conversation[] }[] }>([
      ...conversationListsKey,
      { kind: "group" },
    ]);
    expect(group?.pages[0]?.items.map((each) => each.id)).toEqual(["older"]);
  });

  it("refetches what it patched while a fetch of it was under way, since that fetch may answer without the change", async () => {
    const client = cacheWithChat();
    client.setQueryData(conversationKey("conv"), { ...conversation, unread_count: 0 });
    const answered: Array<(data: unknown) => void> = [];
    const fetchAnswering = (key: readonly unknown[]) =>
      void client.fetchQuery({ queryKey: key, queryFn: () => new Promise((resolve) => answered.push(resolve)) });
    fetchAnswering(messagesKey("conv"));
    fetchAnswering(conversationKey("conv"));
    const received = { ...message, conversation_id: "conv" };
    expect(applyEvent(client, event({ type: "message.created", data: received }))).toEqual([messagesKey("conv")]);
    expect(applyEvent(client, event({ type: "message.status", data: { ...received, status: "read" } }))).toEqual([
      messagesKey("conv"),
    ]);
    expect(applyEvent(client, event({ type: "conversation.updated", data: conversation }))).toEqual([
      conversationKey("conv"),
    ]);
    answered.forEach((answer) => answer(undefined));
    await client.cancelQueries();
  });

  it("updates who I am in place when my presence changes", () => {
    const client = new QueryClient();
    client.setQueryData(keys.me, { user: { id: "me" }, presence: "online" });
    const data = { user_id: "me", status: "away" as const, at: "2026-12-02T10:00:00Z" };
    applyEvent(client, event({ type: "presence.changed", data }));
    expect(client.getQueryData<Schemas["Me"]>(keys.me)?.presence).toBe("away");
  });

  it("reads who I am again when a socket opens (it may have made me online), everything only when asked to start afresh", () => {
    const client = new QueryClient();
    expect(applyEvent(client, event({ type: "ready", data: { resync: false } }))).toEqual([keys.me]);
    expect(applyEvent(client, event({ type: "ready", data: { resync: true } }))).toEqual(
      expect.arrayContaining([keys.conversations, keys.channels, keys.me]),
    );
  });

  it("reads the first screen's lists again when the app took them from the first-screen script's early requests", async () => {
    const client = new QueryClient();
    window.blocoproEarly = { token: "token", answers: { "/api/v1/me": Promise.resolve(new Response("{}")) } };
    const me = new Request(new URL("/api/v1/me", window.location.origin), {
      headers: { Authorization: "Bearer token" },
    });
    await earlyAnswer(me, 0);
    expect(applyEvent(client, event({ type: "ready", data: { resync: false } }))).toEqual([
      keys.me,
      conversationListsKey,
    ]);
    // Only after the first screen's answers: a socket opening again reads who I am.
    expect(applyEvent(client, event({ type: "ready", data: { resync: false } }))).toEqual([keys.me]);
    delete window.blocoproEarly;
  });

  it("ignores a type it does not know", () => {
    const unknown = { cursor: 1, type: "something.new", data: {} } as unknown as RealtimeEvent;
    expect(applyEvent(new QueryClient(), unknown)).toEqual([]);
  });
});
