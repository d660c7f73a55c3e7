import { useQuery } from "@tanstack/react-query";

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

/** Active users who can own a wallet (first 200, by name), for those who may see them. */
export function useWalletOwners(enabled: boolean) {
  return useQuery({
    queryKey: [...keys.users, "list", "wallet-owners"],
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { status: "active", limit: 200 } } })),
    enabled,
    staleTime: 60_000,
  });
}
