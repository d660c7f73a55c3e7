// The open conversation stays read: while it is on screen, what arrives in it is marked read at once, so that
// its unread count (shared by everyone who sees it) does not grow under the reader's eyes.
import { useDocumentVisibility } from "@mantine/hooks";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { api, unwrap } from "../../api/client";
import { conversationUpdated } from "../../realtime/dispatch";
import type { Conversation } from "./api";

/** Marks `conversation` read whenever it has unread messages while the page is visible. */
export function useMarkReadWhileOpen(conversation: Conversation | undefined): void {
  const queryClient = useQueryClient();
  const visibility = useDocumentVisibility();
  const markRead = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.PATCH("/api/v1/conversations/{id}", { params: { path: { id } }, body: { action: "mark_read" } })),
    // The answer is what the conversation's event will say: patched the same way, without waiting for it.
    onSuccess: (read) =>
      conversationUpdated(queryClient, read).forEach((queryKey) => void queryClient.invalidateQueries({ queryKey })),
  });
  const id = conversation?.id;
  const unread = conversation?.unread_count ?? 0;
  // One try at a time; after a failure, none until the conversation is opened again.
  const idle = !markRead.isPending && !markRead.isError;
  useEffect(() => {
    if (id && unread > 0 && visibility === "visible" && idle) markRead.mutate(id);
    // `markRead` changes identity on every render; what decides is in the list.
  }, [id, unread, visibility, idle]);
}
