// The tab asks for attention as an attendant would notice it: its title counts, the browser shows a notification.
import { act, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import type { Schemas } from "../../api/client";
import { meKey } from "../../app/me";
import type { RealtimeEvent } from "../../realtime/events";
import { renderWithApp, testQueryClient } from "../../test/render";
import { useAttention } from "./useAttention";

type Conversation = Schemas["Conversation"];

const waiting: Conversation = {
  id: "c1",
  channel_id: "ch",
  kind: "direct",
  chat_id: "+5511999990000",
  title: "Maria Souza",
  status: "pending",
  awaiting_choice: false,
  unread_count: 1,
  last_message_at: "2026-12-03T10:00:00Z",
  last_message_kind: "text",
  labels: [],
  last_message_preview: "Oi, qual o prazo?",
  created_at: "2026-12-03T10:00:00Z",
  updated_at: "2026-12-03T10:00:00Z",
};

const updated = (conversation: Conversation) =>
  ({ type: "conversation.updated", cursor: 1, data: conversation }) as RealtimeEvent;

const shown: { notification: { title: string; body?: string }[] } = { notification: [] };

class FakeNotification {
  static permission = "granted";
  onclick: (() => void) | null = null;
  constructor(title: string, options: { body?: string }) {
    shown.notification.push({ title, body: options.body });
  }
  close() {}
}

let observe: (event: RealtimeEvent) => void = () => {};

function Observer() {
  observe = useAttention();
  return <span>chat</span>;
}

function renderAt(path: string) {
  const client = testQueryClient();
  client.setQueryData(meKey, { user: { id: "bia", name: "Bia" }, permissions: [] });
  renderWithApp(<Observer />, client, path);
}

beforeEach(() => {
  shown.notification = [];
  vi.stubGlobal("Notification", FakeNotification);
  document.title = "BlocoPro";
});

afterEach(() => vi.unstubAllGlobals());

describe("attention", () => {
  it("a conversation starting to wait counts in the title and shows a notification", async () => {
    renderAt("/chat");
    await screen.findByText("chat");
    act(() => observe(updated(waiting)));
    expect(document.title).toBe("(1) BlocoPro");
    expect(shown.notification).toEqual([{ title: "Nova conversa na fila: Maria Souza", body: "Oi, qual o prazo?" }]);
    act(() => observe(updated({ ...waiting, id: "c2", title: "João" })));
    expect(document.title).toBe("(2) BlocoPro");
    act(() => observe(updated({ ...waiting, status: "open", assigned_to: "ana" })));
    expect(document.title).toBe("(1) BlocoPro");
  });

  it("a message in my conversation open in the visible tab asks for nothing", async () => {
    renderAt("/chat?c=c1");
    await screen.findByText("chat");
    act(() => observe(updated({ ...waiting, status: "open", assigned_to: "bia", unread_count: 2 })));
    expect(document.title).toBe("BlocoPro");
    expect(shown.notification).toEqual([]);
  });

  it("a message in my conversation while another is open is announced by its sender", async () => {
    renderAt("/chat?c=other");
    await screen.findByText("chat");
    act(() => observe(updated({ ...waiting, status: "open", assigned_to: "bia", unread_count: 1 })));
    expect(shown.notification).toEqual([]);
    act(() => observe(updated({ ...waiting, status: "open", assigned_to: "bia", unread_count: 2 })));
    expect(shown.notification.map((each) => each.title)).toEqual(["Nova mensagem de Maria Souza"]);
    expect(document.title).toBe("(1) BlocoPro");
  });
});
