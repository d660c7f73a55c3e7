import { useQuery } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { keys } from "../../lib/queryKeys";

export type Company = Schemas["Company"];
export type CompanySettings = Schemas["CompanySettingsRequest"];

/** The signed-in company: name, time zone and switches. */
export function useCompany() {
  return useQuery({ queryKey: keys.company, queryFn: () => unwrap(api.GET("/api/v1/company")) });
}

export function useUpdateCompany() {
  return useAreaMutation("company", (body: CompanySettings) => unwrap(api.PATCH("/api/v1/company", { body })));
}
