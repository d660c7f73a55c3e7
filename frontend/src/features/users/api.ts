import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { useAllPages, usePagedList } from "../../lib/pages";
import { invalidateArea } from "../../lib/mutations";
import { keys } from "../../lib/queryKeys";

export type UserView = Schemas["UserView"];
export type UserStatus = Schemas["UserStatus"];
export type CreateUserRequest = Schemas["CreateUserRequest"];
export type UpdateUserRequest = Schemas["UpdateUserRequest"];
export type Permission = Schemas["Permission"];
export type PermissionInfo = Schemas["PermissionInfo"];
export type RoleInfo = Schemas["RoleInfo"];
export type Visibility = Schemas["Visibility"];
export type AccessHours = Schemas["AccessHours"];
export type AccessHoursRequest = Schemas["AccessHoursRequest"];
export type PresenceHistory = Schemas["PresenceHistory"];
export type Department = Schemas["Department"];
export type ChannelView = Schemas["ChannelView"];

export const usersKey = keys.users;
const userKey = (id: string) => [...usersKey, "detail", id] as const;
export const userChannelsKey = (id: string) => [...usersKey, "detail", id, "channels"] as const;
export const accessHoursKey = (id: string) => [...usersKey, "detail", id, "access-hours"] as const;
/** A user's presence history, over every range asked. */
export const presenceHistoryKey = (id: string) => [...usersKey, "detail", id, "presence"] as const;
const presenceKey = (id: string, from: string, to: string) => [...presenceHistoryKey(id), from, to] as const;
const rolesKey = [...usersKey, "options", "roles"] as const;

export interface UserFilters {
  q?: string;
  status?: UserStatus;
  department_id?: string;
}

function usersPage(filters: UserFilters, limit: number) {
  return (cursor: string | undefined) =>
    unwrap(api.GET("/api/v1/users", { params: { query: { ...filters, limit, cursor } } }));
}

export function useUsers(filters: UserFilters) {
  return usePagedList([...usersKey, "list", filters], usersPage(filters, 50));
}

/** Every active user, by name (wallet owners, transfer targets), for those who may list users. */
export function useActiveUserOptions(enabled: boolean) {
  const active: UserFilters = { status: "active" };
  return useAllPages([...usersKey, "list", "options", active], usersPage(active, 200), { enabled, staleTime: 60_000 });
}

export function useUser(id: string) {
  return useQuery({
    queryKey: userKey(id),
    queryFn: () => unwrap(api.GET("/api/v1/users/{id}", { params: { path: { id } } })),
  });
}

export { usePermissionCatalogue } from "../../lib/catalogue";

export function useRoles() {
  return useQuery({ queryKey: rolesKey, queryFn: () => unwrap(api.GET("/api/v1/roles")), staleTime: Infinity });
}

export function useUserChannels(id: string) {
  return useQuery({
    queryKey: userChannelsKey(id),
    queryFn: () => unwrap(api.GET("/api/v1/users/{id}/channels", { params: { path: { id } } })),
  });
}

export function useAccessHours(id: string) {
  return useQuery({
    queryKey: accessHoursKey(id),
    queryFn: () => unwrap(api.GET("/api/v1/users/{id}/access-hours", { params: { path: { id } } })),
  });
}

export function usePresenceHistory(id: string, range: { from: Date; to: Date } | null, enabled: boolean) {
  const from = range?.from.toISOString() ?? "";
  const to = range?.to.toISOString() ?? "";
  return useQuery({
    queryKey: presenceKey(id, from, to),
    queryFn: () =>
      unwrap(api.GET("/api/v1/users/{id}/presence-history", { params: { path: { id }, query: { from, to } } })),
    enabled: enabled && range !== null,
    placeholderData: keepPreviousData,
  });
}

/** The lists (and "me", and contacts' owner names) a change to a user can make stale. */
function refetchUserLists(queryClient: ReturnType<typeof useQueryClient>) {
  void queryClient.invalidateQueries({ queryKey: [...usersKey, "list"] });
  void invalidateArea(queryClient, "me");
  void invalidateArea(queryClient, "contacts");
}

/** After a change to one user: the answer becomes the cached user, and lists are refetched. */
function useUserMutation<T>(mutationFn: (input: T) => Promise<UserView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (user) => {
      queryClient.setQueryData(userKey(user.id), user);
      refetchUserLists(queryClient);
    },
  });
}

export function useCreateUser() {
  return useUserMutation((body: CreateUserRequest) => unwrap(api.POST("/api/v1/users", { body })));
}

export function useUpdateUser(id: string) {
  return useUserMutation((body: UpdateUserRequest) =>
    unwrap(api.PATCH("/api/v1/users/{id}", { params: { path: { id } }, body })),
  );
}

export function useSetPermissions(id: string) {
  return useUserMutation((permissions: Permission[]) =>
    unwrap(api.PUT("/api/v1/users/{id}/permissions", { params: { path: { id } }, body: { permissions } })),
  );
}

export function useSetDepartments(id: string) {
  return useUserMutation((department_ids: string[]) =>
    unwrap(api.PUT("/api/v1/users/{id}/departments", { params: { path: { id } }, body: { department_ids } })),
  );
}

export function useSetChannels(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (channel_ids: string[]) =>
      unwrap(api.PUT("/api/v1/users/{id}/channels", { params: { path: { id } }, body: { channel_ids } })),
    onSuccess: (channels) => {
      queryClient.setQueryData(userChannelsKey(id), channels);
      void invalidateArea(queryClient, "me");
    },
  });
}

export function usePutAccessHours(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AccessHoursRequest) =>
      unwrap(api.PUT("/api/v1/users/{id}/access-hours", { params: { path: { id } }, body })),
    onSuccess: (hours) => queryClient.setQueryData(accessHoursKey(id), hours),
  });
}

export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/users/{id}", { params: { path: { id } } })),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: userKey(id) });
      refetchUserLists(queryClient);
    },
  });
}
