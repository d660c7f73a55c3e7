// Wires the attention rules to the realtime events, the tab's visibility and the conversation open in Chat.
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";

import type { Schemas } from "../../api/client";
import { useMe } from "../../app/me";
import { conversationLists } from "../../realtime/dispatch";
import type { RealtimeEvent } from "../../realtime/events";
import { conversationKey } from "../conversations/api";
import { type Attention, type Watch, attentionFor, stillAsks, transferAttention } from "./attention";
import { chime, notify, titleWithCount } from "./signals";

type Conversation = Schemas["Conversation"];

/** Answers the observer the realtime socket calls with each event before the caches learn it (they hold the
 * conversation as it was); keeps the tab's title counting the conversations that ask for attention. */
export function useAttention(): (event: RealtimeEvent) => void {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const me = useMe().data?.user.id;
  const open = openConversation(useLocation());
  const [asking, setAsking] = useState<ReadonlySet<string>>(new Set());
  const watch = useRef<Watch>({ me: "", open: null, hidden: false, announced: new Set(), unread: new Map() });
  watch.current.me = me ?? "";
  watch.current.open = open;

  // Opening the conversation in the visible tab answers its call.
  useEffect(() => {
    const seen = () => {
      if (document.hidden || !open) return;
      setAsking((ids) => (ids.has(open) ? without(ids, open) : ids));
    };
    seen();
    document.addEventListener("visibilitychange", seen);
    return () => document.removeEventListener("visibilitychange", seen);
  }, [open]);

  useEffect(() => {
    document.title = titleWithCount(t("appName"), asking.size);
  }, [asking, t]);

  return useCallback(
    (event: RealtimeEvent) => {
      if (!watch.current.me) return;
      watch.current.hidden = document.hidden;
      const attention = attentionOf(event, client, watch.current);
      // Taken by a colleague, closed or moved away: it no longer counts in the title.
      if (event.type === "conversation.updated" && !stillAsks(event.data, watch.current.me))
        setAsking((ids) => (ids.has(event.data.id) ? without(ids, event.data.id) : ids));
      if (!attention) return;
      setAsking((ids) => new Set(ids).add(attention.conversationId));
      chime();
      const title = t(`notifications.${attention.kind}`, { name: attention.name });
      notify(title, attention.body, attention.conversationId, (id) => void navigate(`/chat?c=${id}`));
    },
    [client, navigate, t],
  );
}

function attentionOf(event: RealtimeEvent, client: QueryClient, watch: Watch): Attention | null {
  switch (event.type) {
    case "conversation.updated":
      return attentionFor(event.data, cachedConversation(client, event.data.id), watch);
    case "message.created":
      return transferAttention(event.data, watch);
    default:
      return null;
  }
}

/** The conversation Chat shows (`/chat?c=<id>`), if any. */
function openConversation(location: { pathname: string; search: string }): string | null {
  return location.pathname === "/chat" ? new URLSearchParams(location.search).get("c") : null;
}

/** The conversation as the tab held it: opened, or in a list. */
function cachedConversation(client: QueryClient, id: string): Conversation | undefined {
  const opened = client.getQueryData<Conversation>(conversationKey(id));
  if (opened) return opened;
  for (const [, pages] of conversationLists(client)) {
    const found = pages?.pages.flatMap((page) => page.items).find((each) => each.id === id);
    if (found) return found;
  }
  return undefined;
}

function without(ids: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const left = new Set(ids);
  left.delete(id);
  return left;
}
