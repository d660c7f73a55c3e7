import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { usePagedList } from "../../lib/pages";
import { usersKey } from "../users/api";

export type Contact = Schemas["Contact"];
export const contactsKey = ["contacts"] as const;

export function useContacts(filters: { q?: string; owner_id?: string }) {
  return usePagedList([...contactsKey, filters], (cursor) =>
    unwrap(api.GET("/api/v1/contacts", { params: { query: { ...filters, limit: 100, cursor } } })),
  );
}

function useContactMutation<T, R>(mutationFn: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: contactsKey }) });
}

export function useCreateContact() {
  return useContactMutation((body: Schemas["CreateContactRequest"]) => unwrap(api.POST("/api/v1/contacts", { body })));
}

export function useUpdateContact() {
  return useContactMutation(({ id, body }: { id: string; body: Schemas["UpdateContactRequest"] }) =>
    unwrap(api.PATCH("/api/v1/contacts/{id}", { params: { path: { id } }, body })),
  );
}

export function useDeleteContact() {
  return useContactMutation((id: string) => unwrap(api.DELETE("/api/v1/contacts/{id}", { params: { path: { id } } })));
}

/** Active users who can own a wallet (first 200, by name), for those who may see them. */
export function useWalletOwners(enabled: boolean) {
  return useQuery({
    queryKey: [...usersKey, "wallet-owners"],
    queryFn: () => unwrap(api.GET("/api/v1/users", { params: { query: { status: "active", limit: 200 } } })),
    enabled,
    staleTime: 60_000,
  });
}
