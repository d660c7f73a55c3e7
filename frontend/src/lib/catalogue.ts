import { useQuery } from "@tanstack/react-query";

import { api, unwrap } from "../api/client";

/** Every permission key with its localized description; it never changes while the app runs. */
export function usePermissionCatalogue() {
  return useQuery({
    queryKey: ["permissions"],
    queryFn: () => unwrap(api.GET("/api/v1/permissions")),
    staleTime: Infinity,
  });
}

/** A text the API gives in each language, in the reader's. */
export function localized(text: { "pt-BR": string; en: string }, language: string): string {
  return language === "en" ? text.en : text["pt-BR"];
}
