import { useQuery } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { keys } from "../../lib/queryKeys";

export type AgendaEvent = Schemas["AgendaEvent"];
export type EventRequest = Schemas["EventRequest"];

export function useWeekEvents(from: Date, to: Date) {
  const range = { from: from.toISOString(), to: to.toISOString() };
  return useQuery({
    queryKey: [...keys.agenda, range],
    queryFn: () => unwrap(api.GET("/api/v1/agenda/events", { params: { query: { ...range, limit: 200 } } })),
  });
}

export function useCreateEvent() {
  return useAreaMutation("agenda", (body: EventRequest) => unwrap(api.POST("/api/v1/agenda/events", { body })));
}

export function useUpdateEvent() {
  return useAreaMutation("agenda", ({ id, body }: { id: string; body: EventRequest }) =>
    unwrap(api.PATCH("/api/v1/agenda/events/{id}", { params: { path: { id } }, body })),
  );
}

export function useDeleteEvent() {
  return useAreaMutation("agenda", (id: string) =>
    unwrap(api.DELETE("/api/v1/agenda/events/{id}", { params: { path: { id } } })),
  );
}
