import { useMutation, useQueryClient } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { usePagedList } from "../../lib/pages";
import { keys } from "../../lib/queryKeys";

export type Company = Schemas["Company"];

export function useCompanies() {
  return usePagedList(keys.companies, (cursor) =>
    unwrap(api.GET("/api/v1/platform/companies", { params: { query: { limit: 200, cursor } } })),
  );
}

export function useUpdateCompany() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Schemas["UpdateCompanyRequest"] }) =>
      unwrap(api.PATCH("/api/v1/platform/companies/{id}", { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.companies }),
  });
}

interface NewCompany {
  company: Schemas["CreateCompanyRequest"];
  admin: Schemas["AdminRequest"];
  /** A company created by an earlier try whose administrator was refused: only the admin is sent again. */
  createdId?: string;
}

/** A new company with its first administrator (two calls: the company, then its admin). */
export function useCreateCompany() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ company, admin, createdId }: NewCompany) => {
      const id = createdId ?? (await unwrap(api.POST("/api/v1/platform/companies", { body: company }))).id;
      try {
        await unwrap(api.POST("/api/v1/platform/companies/{id}/admins", { params: { path: { id } }, body: admin }));
      } catch (error) {
        throw Object.assign(error as Error, { createdId: id });
      }
      return id;
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: keys.companies }),
  });
}
