import { useMutation, useQueryClient } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { usePagedList } from "../../lib/pages";

export type Company = Schemas["Company"];
const companiesKey = ["platform", "companies"] as const;

export function useCompanies() {
  return usePagedList(companiesKey, (cursor) =>
    unwrap(api.GET("/api/v1/platform/companies", { params: { query: { limit: 200, cursor } } })),
  );
}

export function useUpdateCompany() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas["UpdateCompanyRequest"] }) =>
      unwrap(api.PATCH("/api/v1/platform/companies/{id}", { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companiesKey }),
  });
}

/** A new company with its first administrator. */
export function useCreateCompany() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ company, admin }: { company: Schemas["CreateCompanyRequest"]; admin: Schemas["AdminRequest"] }) => {
      const created = await unwrap(api.POST("/api/v1/platform/companies", { body: company }));
      await unwrap(api.POST("/api/v1/platform/companies/{id}/admins", { params: { path: { id: created.id } }, body: admin }));
      return created;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: companiesKey }),
  });
}
