// The first screen's early reads that have arrived by the time the app starts (the first-screen script asked for
// them while the app downloaded: firstScreenReads.ts) go into the query cache before the first render: the Chat
// then shows its list at once, in the same render as the rest, instead of a loader and a render more.
import type { QueryClient } from "@tanstack/react-query";

import { takeEarlyData } from "../api/early";
import { conversationListsKey, plainChatFilters } from "../features/conversations/queues";
import { keys } from "../lib/queryKeys";
import { LABELS_READ, ME_READ, PLAIN_CHAT_LIST_READ } from "./firstScreenReads";

export function seedFirstScreen(client: QueryClient): void {
  const me = takeEarlyData(ME_READ);
  if (me !== undefined) client.setQueryData(keys.me, me);
  const labels = takeEarlyData(LABELS_READ);
  if (labels !== undefined) client.setQueryData(keys.labels, labels);
  const list = takeEarlyData(PLAIN_CHAT_LIST_READ);
  // A paged list (lib/pages.ts): its first page.
  if (list !== undefined)
    client.setQueryData([...conversationListsKey, plainChatFilters()], { pages: [list], pageParams: [undefined] });
}
