import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { useAllPages, usePagedList } from "../../lib/pages";
import { keys } from "../../lib/queryKeys";

export type Department = Schemas["Department"];

function departmentsPage(cursor: string | undefined) {
  return unwrap(api.GET("/api/v1/departments", { params: { query: { limit: 200, cursor } } }));
}

export function useDepartments() {
  return usePagedList(keys.departments, departmentsPage);
}

/** Every department, for selects and names in other areas' lists. */
export function useDepartmentOptions() {
  return useAllPages([...keys.departments, "all"], departmentsPage, { staleTime: 60_000 });
}

export function useCreateDepartment() {
  return useAreaMutation("departments", (name: string) => unwrap(api.POST("/api/v1/departments", { body: { name } })));
}

export function useRenameDepartment() {
  return useAreaMutation("departments", ({ id, name }: { id: string; name: string }) =>
    unwrap(api.PATCH("/api/v1/departments/{id}", { params: { path: { id } }, body: { name } })),
  );
}

export function useDeleteDepartment() {
  return useAreaMutation("departments", (id: string) =>
    unwrap(api.DELETE("/api/v1/departments/{id}", { params: { path: { id } } })),
  );
}
