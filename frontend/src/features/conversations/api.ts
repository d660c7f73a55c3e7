import { useQuery } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { usePagedList } from "../../lib/pages";
import { keys } from "../../lib/queryKeys";
import { type ConversationFilters, conversationListsKey } from "./queues";

export type Conversation = Schemas["Conversation"];
export type Message = Schemas["ChannelMessage"];
export type { ConversationFilters };

const chatKey = keys.conversations;

// The chat's cache keys, for the realtime dispatcher that patches them from events.
export { conversationListsKey };
export const conversationKey = (id: string) => [...chatKey, id] as const;
export const messagesKey = (id: string) => [...chatKey, id, "messages"] as const;

/** The query of a page of the conversations `filters` pick, newest activity first. */
export function conversationPageQuery(filters: ConversationFilters, cursor?: string): ConversationFilters {
  return { ...filters, cursor, limit: 50 };
}

export function useConversations(filters: ConversationFilters) {
  return usePagedList([...conversationListsKey, filters], (cursor) =>
    unwrap(api.GET("/api/v1/conversations", { params: { query: conversationPageQuery(filters, cursor) } })),
  );
}

export function useConversation(id: string) {
  return useQuery({
    queryKey: conversationKey(id),
    queryFn: () => unwrap(api.GET("/api/v1/conversations/{id}", { params: { path: { id } } })),
  });
}

/** The conversation's newest messages; with `around`, the ones around that message instead (a search result), kept
 * apart from the live thread that realtime events patch. */
export function useMessages(id: string, around: string | null = null) {
  return useQuery({
    queryKey: around ? [...messagesKey(id), "around", around] : messagesKey(id),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/conversations/{id}/messages", {
          params: { path: { id }, query: around ? { limit: 100, around } : { limit: 100 } },
        }),
      ),
  });
}

export function useConversationAction(id: string) {
  return useAreaMutation("conversations", (body: Schemas["ConversationActionRequest"]) =>
    unwrap(api.PATCH("/api/v1/conversations/{id}", { params: { path: { id } }, body })),
  );
}

export function useContact(id: string | null) {
  return useQuery({
    queryKey: [...keys.contacts, id],
    queryFn: () => unwrap(api.GET("/api/v1/contacts/{id}", { params: { path: { id: id! } } })),
    enabled: id !== null,
  });
}

export function useContactHistory(id: string | null) {
  return useQuery({
    queryKey: [...keys.contacts, id, "history"],
    queryFn: () =>
      unwrap(api.GET("/api/v1/contacts/{id}/history", { params: { path: { id: id! }, query: { limit: 20 } } })),
    enabled: id !== null,
  });
}
