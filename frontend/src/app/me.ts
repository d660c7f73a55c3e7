import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";

import { keys } from "../lib/queryKeys";

export const meKey = keys.me;

/** Who is signed in: user, company (with its features), permissions and presence. */
export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: () => unwrap(api.GET("/api/v1/me")), staleTime: 60_000 });
}

/** The browser's own zone, for comparison with the company's. */
export const BROWSER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** The company's time zone, in which the agenda and reports are read (the browser's until known). */
export function useCompanyTimeZone(): string {
  return useMe().data?.company.timezone ?? BROWSER_TIME_ZONE;
}
