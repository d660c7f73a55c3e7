import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { keys } from "../../lib/queryKeys";
import { conversationUpdated } from "../../realtime/dispatch";

export type Label = Schemas["Label"];
export type LabelTag = Schemas["LabelTag"];
export type LabelDraft = Schemas["LabelRequest"];

/** The company's labels, by name. `enabled`: fetched only once something shows them. */
export function useLabels(enabled = true) {
  return useQuery({
    queryKey: keys.labels,
    queryFn: () => unwrap(api.GET("/api/v1/labels")),
    enabled,
    staleTime: 30_000,
  });
}

export function useCreateLabel() {
  return useAreaMutation("labels", (body: LabelDraft) => unwrap(api.POST("/api/v1/labels", { body })));
}

export function useUpdateLabel() {
  return useAreaMutation("labels", ({ id, body }: { id: string; body: LabelDraft }) =>
    unwrap(api.PATCH("/api/v1/labels/{id}", { params: { path: { id } }, body })),
  );
}

export function useDeleteLabel() {
  return useAreaMutation("labels", (id: string) =>
    unwrap(api.DELETE("/api/v1/labels/{id}", { params: { path: { id } } })),
  );
}

/** Replaces the labels of a conversation; its answer is patched into the chat's caches at once. */
export function useSetConversationLabels(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (labelIds: string[]) =>
      unwrap(
        api.PUT("/api/v1/conversations/{id}/labels", {
          params: { path: { id: conversationId } },
          body: { label_ids: labelIds },
        }),
      ),
    onSuccess: (conversation) => {
      for (const key of conversationUpdated(queryClient, conversation))
        void queryClient.invalidateQueries({ queryKey: key });
    },
  });
}
