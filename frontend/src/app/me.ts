import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";

import { keys } from "../lib/queryKeys";

export const meKey = keys.me;

/** Who is signed in: user, company (with its features), permissions and presence. */
export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: () => unwrap(api.GET("/api/v1/me")), staleTime: 60_000 });
}
