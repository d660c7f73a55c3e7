import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { usePagedList } from "../../lib/pages";

export type Group = Schemas["Group"];
export type GroupImport = Schemas["GroupImportView"];
export interface GroupFilters {
  q?: string;
  channel_id?: string;
  department_id?: string;
  archived?: boolean;
}

export const groupsKey = ["groups"] as const;
const JOB_POLL_MS = 500;

export function useGroups(filters: GroupFilters) {
  return usePagedList([...groupsKey, "list", filters], (cursor) =>
    unwrap(api.GET("/api/v1/groups", { params: { query: { ...filters, limit: 100, cursor } } })),
  );
}

export function useGroup(id: string | null) {
  return useQuery({
    queryKey: [...groupsKey, id],
    queryFn: () => unwrap(api.GET("/api/v1/groups/{id}", { params: { path: { id: id! } } })),
    enabled: id !== null,
  });
}

/** A pre-import, polled while WhatsApp is listing the groups. */
export function useGroupImport(id: string | null) {
  return useQuery({
    queryKey: [...groupsKey, "import", id],
    queryFn: () => unwrap(api.GET("/api/v1/group-imports/{id}", { params: { path: { id: id! } } })),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === "running" ? JOB_POLL_MS : false),
  });
}

function useGroupMutation<T, R>(mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: groupsKey }) });
}

export function useStartGroupImport() {
  return useMutation({
    mutationFn: (channelId: string) =>
      unwrap(api.POST("/api/v1/channels/{id}/group-imports", { params: { path: { id: channelId } } })),
  });
}

export function useImportGroups() {
  return useGroupMutation(({ jobId, externalIds }: { jobId: string; externalIds: string[] }) =>
    unwrap(
      api.POST("/api/v1/group-imports/{id}/import", {
        params: { path: { id: jobId } },
        body: { external_ids: externalIds },
      }),
    ),
  );
}

export function useUpdateGroup() {
  return useGroupMutation(({ id, body }: { id: string; body: Schemas["UpdateGroupRequest"] }) =>
    unwrap(api.PATCH("/api/v1/groups/{id}", { params: { path: { id } }, body })),
  );
}

export function useSyncGroup() {
  return useGroupMutation((id: string) => unwrap(api.POST("/api/v1/groups/{id}/sync", { params: { path: { id } } })));
}

export function useUnimportGroup() {
  return useGroupMutation((id: string) => unwrap(api.DELETE("/api/v1/groups/{id}", { params: { path: { id } } })));
}

export function useCreateGroup() {
  return useGroupMutation((body: Schemas["CreateGroupRequest"]) => unwrap(api.POST("/api/v1/groups", { body })));
}
