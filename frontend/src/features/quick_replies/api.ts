import { useQuery } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { keys } from "../../lib/queryKeys";

export type QuickReply = Schemas["QuickReply"];
export type ListedQuickReply = Schemas["ListedQuickReply"];
export type QuickReplyScope = Schemas["QuickReplyScope"];
export type QuickReplyDraft = Schemas["QuickReplyRequest"];

/** The company's quick replies and mine, filled for `conversationId` when given. */
export function useQuickReplies(conversationId?: string, enabled = true) {
  return useQuery({
    queryKey: [...keys.quickReplies, conversationId ?? "all"],
    queryFn: () => unwrap(api.GET("/api/v1/quick-replies", { params: { query: { conversation_id: conversationId } } })),
    enabled,
    staleTime: 30_000,
  });
}

/** Creates a reply of the scope: the company's (with `quick_replies.manage`) or my own. */
export function useCreateQuickReply() {
  return useAreaMutation("quickReplies", ({ scope, body }: { scope: QuickReplyScope; body: QuickReplyDraft }) =>
    scope === "company"
      ? unwrap(api.POST("/api/v1/quick-replies", { body }))
      : unwrap(api.POST("/api/v1/me/quick-replies", { body })),
  );
}

export function useUpdateQuickReply() {
  return useAreaMutation("quickReplies", ({ reply, body }: { reply: QuickReply; body: QuickReplyDraft }) => {
    const params = { path: { id: reply.id } };
    return reply.scope === "company"
      ? unwrap(api.PATCH("/api/v1/quick-replies/{id}", { params, body }))
      : unwrap(api.PATCH("/api/v1/me/quick-replies/{id}", { params, body }));
  });
}

/** Deletes a reply of the scope, by id. */
export function useDeleteQuickReply(scope: QuickReplyScope) {
  return useAreaMutation("quickReplies", (id: string) => {
    const params = { path: { id } };
    return scope === "company"
      ? unwrap(api.DELETE("/api/v1/quick-replies/{id}", { params }))
      : unwrap(api.DELETE("/api/v1/me/quick-replies/{id}", { params }));
  });
}
