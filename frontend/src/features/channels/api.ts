import { useQuery } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { useAllPages, usePagedList } from "../../lib/pages";
import { keys } from "../../lib/queryKeys";

export type Channel = Schemas["ChannelView"];
export type ChannelStatus = Schemas["ChannelStatus"];
export type CreateChannel = Schemas["CreateChannelRequest"];

// The channels' cache keys, for the realtime dispatcher that patches them from events.
export const channelListKey = keys.channels;
export const channelOptionsKey = [...keys.channels, "all"] as const;
export const channelKey = (id: string) => [...keys.channels, id] as const;
export const qrCodeKey = (id: string) => [...keys.channels, id, "qr"] as const;

/** Status changes arrive from the phone: while a channel is pairing the list is polled. */
const PAIRING_POLL_MS = 2_000;

function channelsPage(cursor: string | undefined) {
  return unwrap(api.GET("/api/v1/channels", { params: { query: { limit: 200, cursor } } }));
}

/** Every channel, for selects and names in other areas' lists. */
export function useChannelOptions(enabled = true) {
  return useAllPages(channelOptionsKey, channelsPage, { staleTime: 60_000, enabled });
}

export function useChannels() {
  return usePagedList(channelListKey, channelsPage, {
    pollEvery: (channels) => (channels.some((channel) => channel.status === "pairing") ? PAIRING_POLL_MS : false),
  });
}

export function useChannel(id: string | null) {
  return useQuery({
    queryKey: [...keys.channels, id],
    queryFn: () => unwrap(api.GET("/api/v1/channels/{id}", { params: { path: { id: id! } } })),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === "connected" ? false : PAIRING_POLL_MS),
  });
}

export function useQrCode(id: string, enabled: boolean) {
  return useQuery({
    queryKey: qrCodeKey(id),
    queryFn: () => unwrap(api.GET("/api/v1/channels/{id}/qr", { params: { path: { id } } })),
    enabled,
    refetchInterval: (query) => (query.state.error ? false : PAIRING_POLL_MS),
    retry: false,
  });
}

export function useCreateChannel() {
  return useAreaMutation("channels", (body: CreateChannel) => unwrap(api.POST("/api/v1/channels", { body })));
}

export function useConnectChannel() {
  return useAreaMutation("channels", ({ id, pairAgain }: { id: string; pairAgain: boolean }) =>
    unwrap(api.POST("/api/v1/channels/{id}/connect", { params: { path: { id } }, body: { pair_again: pairAgain } })),
  );
}

export function useDisconnectChannel() {
  return useAreaMutation("channels", ({ id, logout }: { id: string; logout: boolean }) =>
    unwrap(api.POST("/api/v1/channels/{id}/disconnect", { params: { path: { id } }, body: { logout } })),
  );
}

export function useDeleteChannel() {
  return useAreaMutation("channels", (id: string) =>
    unwrap(api.DELETE("/api/v1/channels/{id}", { params: { path: { id } } })),
  );
}

/** The simulator plays the phone that scans the code (only for simulator channels). */
export function useSimulateScan() {
  return useAreaMutation("channels", (id: string) =>
    unwrap(api.POST("/api/v1/simulator/channels/{id}/scan", { params: { path: { id } } })),
  );
}

export function useFlow(channelId: string | null) {
  return useQuery({
    queryKey: [...keys.channels, channelId, "flow"],
    queryFn: () => unwrap(api.GET("/api/v1/channels/{id}/flow", { params: { path: { id: channelId! } } })),
    enabled: channelId !== null,
  });
}

export function useSaveFlow(channelId: string) {
  return useAreaMutation("channels", (body: Schemas["FlowRequest"]) =>
    unwrap(api.PUT("/api/v1/channels/{id}/flow", { params: { path: { id: channelId } }, body })),
  );
}

export type BusinessHours = Schemas["BusinessHours"];

export const businessHoursKey = (channelId: string | null) => [...keys.channels, channelId, "business-hours"];

export function useBusinessHours(channelId: string | null) {
  return useQuery({
    queryKey: businessHoursKey(channelId),
    queryFn: () => unwrap(api.GET("/api/v1/channels/{id}/business-hours", { params: { path: { id: channelId! } } })),
    enabled: channelId !== null,
  });
}

export function useSaveBusinessHours(channelId: string) {
  return useAreaMutation("channels", (body: Schemas["BusinessHoursRequest"]) =>
    unwrap(api.PUT("/api/v1/channels/{id}/business-hours", { params: { path: { id: channelId } }, body })),
  );
}

export type MessageTemplate = Schemas["MessageTemplate"];

/** A channel's templates of Meta's `status` (approved ones when none is given). */
export const templatesKey = (channelId: string, status?: string) =>
  [...keys.channels, channelId, "templates", status ?? "APPROVED"] as const;

/** The channel's templates (approved ones by default), for the composer's picker and the channel's settings. */
export function useChannelTemplates(
  channelId: string,
  { status, enabled = true }: { status?: string; enabled?: boolean } = {},
) {
  return useQuery({
    queryKey: templatesKey(channelId, status),
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/channels/{id}/templates", {
          params: { path: { id: channelId }, query: status ? { status } : {} },
        }),
      ),
    enabled,
    staleTime: 60_000,
  });
}

/** Syncs the channel's templates from its WhatsApp Business Account now. */
export function useSyncTemplates() {
  return useAreaMutation("channels", (id: string) =>
    unwrap(api.POST("/api/v1/channels/{id}/templates/sync", { params: { path: { id } } })),
  );
}

/** Saves a Cloud API channel's WhatsApp Business Account id. */
export function useSaveWabaId() {
  return useAreaMutation("channels", ({ id, wabaId }: { id: string; wabaId: string }) =>
    unwrap(api.PATCH("/api/v1/channels/{id}", { params: { path: { id } }, body: { waba_id: wabaId } })),
  );
}
