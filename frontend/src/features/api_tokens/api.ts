import { useQuery } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { keys } from "../../lib/queryKeys";

export type ApiToken = Schemas["ApiToken"];

export function useApiTokens() {
  return useQuery({ queryKey: keys.apiTokens, queryFn: () => unwrap(api.GET("/api/v1/api-tokens")) });
}

export function useCreateApiToken() {
  return useAreaMutation("apiTokens", (body: Schemas["CreateTokenRequest"]) =>
    unwrap(api.POST("/api/v1/api-tokens", { body })),
  );
}

export function useDeleteApiToken() {
  return useAreaMutation("apiTokens", (id: string) =>
    unwrap(api.DELETE("/api/v1/api-tokens/{id}", { params: { path: { id } } })),
  );
}
