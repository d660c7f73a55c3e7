import { useQueries } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { usePagedList } from "../../lib/pages";
import { keys } from "../../lib/queryKeys";

export type Contact = Schemas["Contact"];

export function useContacts(filters: { q?: string; owner_id?: string }) {
  return usePagedList([...keys.contacts, filters], (cursor) =>
    unwrap(api.GET("/api/v1/contacts", { params: { query: { ...filters, limit: 100, cursor } } })),
  );
}

export function useCreateContact() {
  return useAreaMutation("contacts", (body: Schemas["CreateContactRequest"]) =>
    unwrap(api.POST("/api/v1/contacts", { body })),
  );
}

export function useUpdateContact() {
  return useAreaMutation("contacts", ({ id, body }: { id: string; body: Schemas["UpdateContactRequest"] }) =>
    unwrap(api.PATCH("/api/v1/contacts/{id}", { params: { path: { id } }, body })),
  );
}

export function useDeleteContact() {
  return useAreaMutation("contacts", (id: string) =>
    unwrap(api.DELETE("/api/v1/contacts/{id}", { params: { path: { id } } })),
  );
}

/** The names of these contacts (phone when unnamed); contacts the user may not see are left out. */
export function useContactNames(ids: string[]): Map<string, string> {
  const unique = [...new Set(ids)];
  const contacts = useQueries({
    queries: unique.map((id) => ({
      queryKey: [...keys.contacts, id],
      queryFn: () => unwrap(api.GET("/api/v1/contacts/{id}", { params: { path: { id } } })),
      staleTime: 60_000,
      retry: false,
    })),
  });
  return new Map(
    contacts.flatMap((query) => (query.data ? [[query.data.id, query.data.name ?? query.data.phone]] : [])),
  );
}
