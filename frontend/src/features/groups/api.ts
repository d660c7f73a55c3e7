import { useMutation, useQuery } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { usePagedList } from "../../lib/pages";
import { keys } from "../../lib/queryKeys";

export type Group = Schemas["Group"];
export type GroupImport = Schemas["GroupImportView"];
export interface GroupFilters {
  q?: string;
  channel_id?: string;
  department_id?: string;
  archived?: boolean;
}

const JOB_POLL_MS = 500;

export function useGroups(filters: GroupFilters) {
  return usePagedList([...keys.groups, "list", filters], (cursor) =>
    unwrap(api.GET("/api/v1/groups", { params: { query: { ...filters, limit: 100, cursor } } })),
  );
}

export function useGroup(id: string | null) {
  return useQuery({
    queryKey: [...keys.groups, id],
    queryFn: () => unwrap(api.GET("/api/v1/groups/{id}", { params: { path: { id: id! } } })),
    enabled: id !== null,
  });
}

/** A pre-import, polled while WhatsApp is listing the groups. */
export function useGroupImport(id: string | null) {
  return useQuery({
    queryKey: [...keys.groups, "import", id],
    queryFn: () => unwrap(api.GET("/api/v1/group-imports/{id}", { params: { path: { id: id! } } })),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === "running" ? JOB_POLL_MS : false),
  });
}

export function useStartGroupImport() {
  return useMutation({
    mutationFn: (channelId: string) =>
      unwrap(api.POST("/api/v1/channels/{id}/group-imports", { params: { path: { id: channelId } } })),
  });
}

export function useImportGroups() {
  return useAreaMutation("groups", ({ jobId, externalIds }: { jobId: string; externalIds: string[] }) =>
    unwrap(
      api.POST("/api/v1/group-imports/{id}/import", {
        params: { path: { id: jobId } },
        body: { external_ids: externalIds },
      }),
    ),
  );
}

export function useUpdateGroup() {
  return useAreaMutation("groups", ({ id, body }: { id: string; body: Schemas["UpdateGroupRequest"] }) =>
    unwrap(api.PATCH("/api/v1/groups/{id}", { params: { path: { id } }, body })),
  );
}

export function useSyncGroup() {
  return useAreaMutation("groups", (id: string) =>
    unwrap(api.POST("/api/v1/groups/{id}/sync", { params: { path: { id } } })),
  );
}

export function useUnimportGroup() {
  return useAreaMutation("groups", (id: string) =>
    unwrap(api.DELETE("/api/v1/groups/{id}", { params: { path: { id } } })),
  );
}

export function useCreateGroup() {
  return useAreaMutation("groups", (body: Schemas["CreateGroupRequest"]) =>
    unwrap(api.POST("/api/v1/groups", { body })),
  );
}

/** The imported groups a contact takes part in (the contact beside a conversation). */
export function useContactGroups(contactId: string | null) {
  return useQuery({
    queryKey: [...keys.groups, "contact", contactId],
    queryFn: () => unwrap(api.GET("/api/v1/groups", { params: { query: { contact_id: contactId!, limit: 20 } } })),
    enabled: contactId !== null,
    retry: false,
  });
}
