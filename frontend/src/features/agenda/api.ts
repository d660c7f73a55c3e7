import { useQuery } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { useAllPages } from "../../lib/pages";
import { keys } from "../../lib/queryKeys";

export type AgendaEvent = Schemas["AgendaEvent"];
export type EventRequest = Schemas["EventRequest"];

/** Every appointment touching the range (a busy month can take more than a page). */
export function useEvents(range: { from: Date; to: Date }) {
  const query = { from: range.from.toISOString(), to: range.to.toISOString() };
  return useAllPages([...keys.agenda, query], (cursor) =>
    unwrap(api.GET("/api/v1/agenda/events", { params: { query: { ...query, limit: 200, cursor } } })),
  );
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

/** The caller's next appointments with a contact, soonest first (the contact beside a conversation). */
export function useUpcomingWithContact(contactId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...keys.agenda, "contact", contactId],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/agenda/events", {
          params: { query: { contact_id: contactId!, from: new Date().toISOString(), limit: 5 } },
        }),
      ),
    enabled: enabled && contactId !== null,
  });
}
