import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { meKey } from "../../../app/me";
import type { Me, Permission } from "../../../app/permissions";
import { renderWithApp, testQueryClient } from "../../../test/render";
import { type Conversation, type Message, conversationKey, messagesKey } from "../api";
import { Thread } from "./Thread";

const pending: Conversation = {
  id: "conv",
  channel_id: "c1",
  kind: "direct",
  chat_id: "+5511999990000",
  title: "Cliente",
  status: "pending",
  awaiting_choice: false,
  unread_count: 0,
  last_message_at: "2026-12-02T10:05:00Z",
  last_message_kind: "text",
  labels: [],
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-02T10:05:00Z",
};

function attendantHolding(permissions: Permission[]): Me {
  return {
    user: {
      id: "u1",
      name: "Bia",
      email: "bia@acme.test",
      status: "active",
      view_full_wallet: true,
      is_admin: false,
      agenda_access: false,
      visibility: "own",
      permissions,
      department_ids: [],
      created_at: "2026-12-01T00:00:00Z",
      updated_at: "2026-12-01T00:00:00Z",
    },
    permissions,
    presence: "online",
    company: {
      id: "co",
      name: "Acme",
      timezone: "America/Sao_Paulo",
      active: true,
      features: {},
      created_at: "2026-01-01T00:00:00Z",
    },
  };
}

function showThread(permissions: Permission[], messages: Message[] = []) {
  const client = testQueryClient();
  client.setQueryData(meKey, attendantHolding(permissions));
  client.setQueryData(conversationKey(pending.id), pending);
  client.setQueryData(messagesKey(pending.id), { items: messages, next_cursor: null });
  renderWithApp(<Thread id={pending.id} />, client);
}

const received = (id: string, changes: Partial<Message>): Message => ({
  id,
  channel_id: "c1",
  chat_id: "+5511999990000",
  created_at: "2026-12-02T10:00:00Z",
  direction: "inbound",
  external_id: `wamid.${id}`,
  sender: "+5511999990000",
  sent_at: "2026-12-02T10:00:00Z",
  status: "received",
  kind: "text",
  text: "",
  contacts: [],
  reactions: [],
  ...changes,
});

describe("a conversation's actions and composer", () => {
  it("are offered to an attendant holding the Atendente profile", () => {
    showThread(["conversations.assign", "conversations.transfer", "conversations.close", "messages.send"]);
    expect(screen.getByRole("button", { name: "Assumir" }).hasAttribute("data-disabled")).toBe(false);
    expect(screen.getByRole("button", { name: "Enviar" })).toBeTruthy();
    expect(screen.queryByText(/Você não tem a permissão/)).toBeNull();
  });

  it("are disabled with the reason when a permission is missing", () => {
    showThread(["conversations.close"]);
    // Taking a conversation for oneself needs no permission; giving it to someone else does.
    expect(screen.getByRole("button", { name: "Assumir" }).hasAttribute("data-disabled")).toBe(false);
    expect(screen.getByRole("button", { name: "Transferir" }).hasAttribute("data-disabled")).toBe(true);
    expect(screen.getByRole("button", { name: "Fechar" }).hasAttribute("data-disabled")).toBe(false);
    expect(screen.getByText("Você não tem a permissão “Enviar mensagens”. Peça a um administrador.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Enviar" })).toBeNull();
  });
});

describe("messages that are not plain text", () => {
  it("are named by their kind when WhatsApp did not describe their file, with their caption", () => {
    const photo = received("m2", { kind: "image", text: "Comprovante de pagamento" });
    const voice = received("m1", { kind: "voice_note" });
    showThread(["messages.send"], [photo, voice]);
    expect(screen.getByText("📷 Foto")).toBeTruthy();
    expect(screen.getByText("Comprovante de pagamento")).toBeTruthy();
    expect(screen.getByText("🎤 Mensagem de voz")).toBeTruthy();
  });
});
