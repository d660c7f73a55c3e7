// A conversation's thread rendered as the Chat shows it, with the cache it reads first already filled, for the
// component tests of what happens inside a conversation.
import type { QueryClient } from "@tanstack/react-query";

import { meKey } from "../../../app/me";
import type { Me } from "../../../app/permissions";
import { keys } from "../../../lib/queryKeys";
import { renderWithApp, testQueryClient } from "../../../test/render";
import { channelOptionsKey } from "../../channels/api";
import { type Conversation, conversationKey, messagesKey } from "../../conversations/api";
import { Thread } from "../../conversations/components/Thread";
import type { Message } from "../api";
import { CUSTOMER, OWN_NUMBER } from "./fixtures";

export const conversation: Conversation = {
  id: "conv",
  channel_id: "c1",
  kind: "direct",
  chat_id: CUSTOMER,
  title: "Maria",
  status: "open",
  awaiting_choice: false,
  unread_count: 0,
  last_message_at: "2026-12-02T10:05:00Z",
  last_message_kind: "text",
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-02T10:05:00Z",
};

/** An attendant who may send, in a company in São Paulo's time zone. */
export const me = {
  user: { id: "u1", name: "Bia", permissions: ["messages.send"] },
  permissions: ["messages.send"],
  company: { timezone: "America/Sao_Paulo" },
} as unknown as Me;

export const simulatorChannel = { id: "c1", kind: "simulator", phone_number: OWN_NUMBER };

/** Renders `shown`'s thread holding `messages` (oldest first); answers the query cache it reads. */
export function renderThread(messages: Message[], shown: Conversation = conversation): QueryClient {
  const client = testQueryClient();
  client.setQueryData(meKey, me);
  client.setQueryData(conversationKey(shown.id), shown);
  client.setQueryData([...keys.groups, "g1"], {
    participants: [{ contact_id: "k1", is_admin: false, name: "Joana Dias", phone: "+5511955554444" }],
  });
  client.setQueryData(channelOptionsKey, [simulatorChannel]);
  // The API lists the newest first.
  client.setQueryData(messagesKey(shown.id), { items: [...messages].reverse(), next_cursor: null });
  renderWithApp(<Thread id={shown.id} />, client);
  return client;
}
