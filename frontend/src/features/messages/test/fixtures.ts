// Messages of every kind for the component tests, as the API sends them.
import type { Media, Message } from "../api";

export const CUSTOMER = "+5511999990000";
export const OWN_NUMBER = "+5511000000000";

export const message = (id: string, changes: Partial<Message>): Message => ({
  id,
  channel_id: "c1",
  chat_id: CUSTOMER,
  created_at: "2026-12-02T10:00:00Z",
  direction: "inbound",
  external_id: `wamid.${id}`,
  sender: CUSTOMER,
  sent_at: "2026-12-02T10:00:00Z",
  status: "received",
  kind: "text",
  text: "",
  contacts: [],
  reactions: [],
  ...changes,
});

export const media = (id: string, changes: Partial<Media> = {}): Media => ({
  id,
  state: "stored",
  mime_type: "image/jpeg",
  ...changes,
});
