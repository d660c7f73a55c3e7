import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { usePagedList } from "../../lib/pages";

export type Channel = Schemas["ChannelView"];
export type ChannelStatus = Schemas["ChannelStatus"];
export type CreateChannel = Schemas["CreateChannelRequest"];
export const channelsKey = ["channels"] as const;

/** Status changes arrive from the phone: while a channel is pairing the list is polled. */
const PAIRING_POLL_MS = 2_000;

export function useChannels() {
  return usePagedList(
    channelsKey,
    (cursor) => unwrap(api.GET("/api/v1/channels", { params: { query: { limit: 200, cursor } } })),
    { pollEvery: (channels) => (channels.some((channel) => channel.status === "pairing") ? PAIRING_POLL_MS : false) },
  );
}

export function useChannel(id: string | null) {
  return useQuery({
    queryKey: [...channelsKey, id],
    queryFn: () => unwrap(api.GET("/api/v1/channels/{id}", { params: { path: { id: id! } } })),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.status === "connected" ? false : PAIRING_POLL_MS),
  });
}

export function useQrCode(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...channelsKey, id, "qr"],
    queryFn: () => unwrap(api.GET("/api/v1/channels/{id}/qr", { params: { path: { id } } })),
    enabled,
    refetchInterval: PAIRING_POLL_MS,
    retry: false,
  });
}

function useChannelMutation<T, R>(mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSettled: () => queryClient.invalidateQueries({ queryKey: channelsKey }) });
}

export function useCreateChannel() {
  return useChannelMutation((body: CreateChannel) => unwrap(api.POST("/api/v1/channels", { body })));
}

export function useConnectChannel() {
  return useChannelMutation(({ id, pairAgain }: { id: string; pairAgain: boolean }) =>
    unwrap(api.POST("/api/v1/channels/{id}/connect", { params: { path: { id } }, body: { pair_again: pairAgain } })),
  );
}

export function useDisconnectChannel() {
  return useChannelMutation(({ id, logout }: { id: string; logout: boolean }) =>
    unwrap(api.POST("/api/v1/channels/{id}/disconnect", { params: { path: { id } }, body: { logout } })),
  );
}

export function useDeleteChannel() {
  return useChannelMutation((id: string) => unwrap(api.DELETE("/api/v1/channels/{id}", { params: { path: { id } } })));
}

/** The simulator plays the phone that scans the code (only for simulator channels). */
export function useSimulateScan() {
  return useChannelMutation((id: string) =>
    unwrap(api.POST("/api/v1/simulator/channels/{id}/scan", { params: { path: { id } } })),
  );
}
