import { useMutation, useQueryClient } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { usePagedList } from "../../lib/pages";

export type Department = Schemas["Department"];
export const departmentsKey = ["departments"] as const;

export function useDepartments() {
  return usePagedList(departmentsKey, (cursor) =>
    unwrap(api.GET("/api/v1/departments", { params: { query: { limit: 200, cursor } } })),
  );
}

function useDepartmentMutation<T>(mutationFn: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: departmentsKey }) });
}

export function useCreateDepartment() {
  return useDepartmentMutation((name: string) => unwrap(api.POST("/api/v1/departments", { body: { name } })));
}

export function useRenameDepartment() {
  return useDepartmentMutation(({ id, name }: { id: string; name: string }) =>
    unwrap(api.PATCH("/api/v1/departments/{id}", { params: { path: { id } }, body: { name } })),
  );
}

export function useDeleteDepartment() {
  return useDepartmentMutation((id: string) =>
    unwrap(api.DELETE("/api/v1/departments/{id}", { params: { path: { id } } })),
  );
}
