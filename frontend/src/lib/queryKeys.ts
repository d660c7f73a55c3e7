// The query-cache keys of every area, in one place, and what a change in one area makes stale in
// the others (a deleted department leaves users and groups pointing at it, a renamed user shows in
// contacts, …).
import type { QueryKey } from "@tanstack/react-query";

export const keys = {
  me: ["me"],
  company: ["company"],
  users: ["users"],
  departments: ["departments"],
  channels: ["channels"],
  groups: ["groups"],
  contacts: ["contacts"],
  companies: ["platform", "companies"],
  apiTokens: ["api-tokens"],
  webhooks: ["webhooks"],
  agenda: ["agenda"],
  conversations: ["conversations"],
  quickReplies: ["quick-replies"],
  labels: ["labels"],
} as const satisfies Record<string, QueryKey>;

export type Area = keyof typeof keys;

/** The areas whose cached data a change in `area` can make stale, itself first. */
export const staleAfterChangeIn: Record<Area, Area[]> = {
  me: ["me"],
  company: ["company", "me"],
  users: ["users", "me", "contacts"],
  departments: ["departments", "users", "groups"],
  channels: ["channels", "users", "groups"],
  groups: ["groups"],
  contacts: ["contacts", "agenda"],
  companies: ["companies"],
  apiTokens: ["apiTokens"],
  webhooks: ["webhooks"],
  agenda: ["agenda"],
  conversations: ["conversations"],
  quickReplies: ["quickReplies"],
  // A renamed, recoloured or deleted label shows on the conversations that carry it.
  labels: ["labels", "conversations"],
};
