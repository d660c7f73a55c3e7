// The one realtime dispatcher: each event type's data patched into the caches that hold it; what
// cannot be patched is named for a refetch (the caller batches those). A `switch` on the generated
// union, so that a new event type in the API document fails the typecheck until it is handled here.
import type { QueryClient, QueryKey } from "@tanstack/react-query";

import type { Schemas } from "../api/client";
import { tookEarlyAnswers } from "../api/early";
import { channelKey, channelListKey, channelOptionsKey, qrCodeKey } from "../features/channels/api";
import {
  type ConversationFilters,
  conversationKey,
  conversationListsKey,
  messagesKey,
} from "../features/conversations/api";
import { presenceHistoryKey } from "../features/users/api";
import { keys } from "../lib/queryKeys";
import type { RealtimeEvent } from "./events";
import { type Pages, addMessage, placeConversation, replaceById, replaceInPages, updateMessage } from "./patches";

type Conversation = Schemas["Conversation"];
type Channel = Schemas["ChannelView"];
type Me = Schemas["Me"];
type MessageEvent = Extract<RealtimeEvent, { type: "message.created" }>["data"];

/** Every area, for a client that missed events and starts afresh. */
const everything: QueryKey[] = Object.values(keys);

/** Applies `event` to the caches it can patch; answers the keys to refetch. */
export function applyEvent(client: QueryClient, event: RealtimeEvent): QueryKey[] {
  switch (event.type) {
    case "ready":
      // Opening the socket can make me online, and the server announces that before the socket
      // listens: who I am (with my presence) is read again whenever a socket opens. The conversation lists, when
      // read before the app loaded (api/early.ts), are read again too: they miss what happened since. (Labels
      // have no events: the list of them is as fresh as ever.)
      if (event.data.resync) return everything;
      return tookEarlyAnswers() ? [keys.me, conversationListsKey] : [keys.me];
    case "message.created":
      return messageCreated(client, event.data);
    case "message.status":
    case "message.updated": {
      // A status, or what the message shows (its reactions): the message in place in its thread.
      const message = event.data;
      if (!message.conversation_id) return [];
      return patch(client, messagesKey(message.conversation_id), (list: Schemas["MessageList"] | undefined) =>
        list ? updateMessage(list, message) : list,
      );
    }
    case "conversation.updated":
      return conversationUpdated(client, event.data);
    case "channel.status":
      return channelChanged(client, event.data);
    case "channel.qr":
      // The event has the code, not the image the screen shows.
      return [qrCodeKey(event.data.channel_id)];
    case "group.updated":
    case "group.removed":
    case "groups.imported":
      // A group's subject is the title of its conversation.
      return [keys.groups, conversationListsKey];
    case "group_import.progress":
      return [[...keys.groups, "import", event.data.id]];
    case "presence.changed": {
      const { user_id, status } = event.data;
      client.setQueryData(keys.me, (me: Me | undefined) =>
        me && me.user.id === user_id ? { ...me, presence: status } : me,
      );
      return [presenceHistoryKey(user_id)];
    }
    case "company.updated": {
      const company = event.data;
      client.setQueryData(keys.company, (cached: Schemas["Company"] | undefined) => cached && company);
      client.setQueryData(keys.me, (me: Me | undefined) => me && { ...me, company });
      return [];
    }
    case "user.updated": {
      // What the user may do and see changed: only the server knows the result.
      const mine = client.getQueryData<Me>(keys.me)?.user.id === event.data.id;
      return mine ? [keys.users, keys.me, keys.conversations] : [keys.users];
    }
    default: {
      // A type this build does not know (a newer server): nothing to patch.
      const unknown: never = event;
      void unknown;
      return [];
    }
  }
}

/** The message joins its thread if loaded. A message received is followed by its conversation's
 * `conversation.updated`; one written (here or by the greeting menu) changes the conversation's
 * preview with no event of its own, so what shows that conversation is fetched again. */
function messageCreated(client: QueryClient, message: MessageEvent): QueryKey[] {
  const id = message.conversation_id;
  if (!id) return [];
  const thread = patch(client, messagesKey(id), (list: Schemas["MessageList"] | undefined) =>
    list ? addMessage(list, message) : list,
  );
  if (message.direction === "inbound") return thread;
  const lists = conversationLists(client).filter(([, pages]) =>
    pages?.pages.some((page) => page.items.some((each) => each.id === id)),
  );
  return [...thread, ...lists.map(([key]) => key), conversationKey(id)];
}

/** Patches the data cached under `key`. A fetch of it under way may have been answered before the change and would
 * put the old data back when it lands: the key is then named for a refetch as well. */
function patch<T>(client: QueryClient, key: QueryKey, update: (data: T | undefined) => T | undefined): QueryKey[] {
  client.setQueryData<T>(key, update);
  return client.isFetching({ queryKey: key, exact: true }) > 0 ? [key] : [];
}

/** A conversation as the server now has it (from its event, or from the answer to an action on it) patched into
 * the caches that show it; answers what must be refetched. */
export function conversationUpdated(client: QueryClient, conversation: Conversation): QueryKey[] {
  const refetch = patch(client, conversationKey(conversation.id), (cached: Conversation | undefined) =>
    cached && Date.parse(cached.updated_at) > Date.parse(conversation.updated_at) ? cached : cached && conversation,
  );
  for (const [key, pages] of conversationLists(client)) {
    if (!pages) continue;
    const filters = (key[2] ?? {}) as ConversationFilters;
    const placed = placeConversation(pages, filters, conversation);
    if (placed === "refetch") refetch.push(key);
    else if (placed !== pages) refetch.push(...patch(client, key, () => placed));
  }
  // The contact's history lists their conversations.
  if (conversation.contact_id) refetch.push([...keys.contacts, conversation.contact_id, "history"]);
  return refetch;
}

/** Every conversation list the cache holds (one per set of filters), with its key. */
export function conversationLists(client: QueryClient) {
  return client.getQueriesData<Pages<Conversation>>({ queryKey: conversationListsKey });
}

function channelChanged(client: QueryClient, channel: Channel): QueryKey[] {
  client.setQueryData(channelListKey, (pages: Pages<Channel> | undefined) => pages && replaceInPages(pages, channel));
  client.setQueryData(channelOptionsKey, (all: Channel[] | undefined) => all && replaceById(all, channel));
  client.setQueryData(channelKey(channel.id), (cached: Channel | undefined) => cached && channel);
  // Pairing shows a QR Code, a connection takes it away.
  return [qrCodeKey(channel.id)];
}
