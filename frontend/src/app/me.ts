import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";

export const meKey = ["me"] as const;

/** Who is signed in: user, company (with its features), permissions and presence. */
export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: () => unwrap(api.GET("/api/v1/me")), staleTime: 60_000 });
}
