// "Configurações": the administration areas, one tab each, as the help pages name them
// ("Configurações › Atendentes", "Configurações › Grupos de WhatsApp").
import {
  IconBrandWhatsapp,
  IconBuilding,
  IconBuildingStore,
  IconHistory,
  IconKey,
  IconMessageBolt,
  IconTags,
  IconPlugConnected,
  IconUsers,
  IconWebhook,
  type Icon,
} from "@tabler/icons-react";

import { type Me, type Permission, opens } from "../permissions";

export const SETTINGS_PATH = "/settings";

export type SettingsTabPath =
  | "users"
  | "departments"
  | "channels"
  | "quick-replies"
  | "labels"
  | "groups"
  | "company"
  | "api-tokens"
  | "webhooks"
  | "audit";

export interface SettingsTab {
  /** Under `/settings/`. */
  path: SettingsTabPath;
  /** Key in the `settings` namespace. */
  label: string;
  icon: Icon;
  /** Any of these opens the tab; none listed means every user. */
  permissions: Permission[];
}

export const SETTINGS_TABS: SettingsTab[] = [
  { path: "users", label: "tabs.users", icon: IconUsers, permissions: ["users.view", "users.manage"] },
  { path: "departments", label: "tabs.departments", icon: IconBuilding, permissions: ["departments.manage"] },
  // Everybody sees the channels they work on; channel managers see and manage all of them.
  { path: "channels", label: "tabs.channels", icon: IconPlugConnected, permissions: [] },
  // Everybody keeps their own quick replies; `quick_replies.manage` also manages the company's there.
  { path: "quick-replies", label: "tabs.quickReplies", icon: IconMessageBolt, permissions: [] },
  { path: "labels", label: "tabs.labels", icon: IconTags, permissions: ["labels.manage"] },
  // Group managers see the tab even when the feature is off: it explains why.
  { path: "groups", label: "tabs.groups", icon: IconBrandWhatsapp, permissions: ["groups.import", "groups.manage"] },
  { path: "company", label: "tabs.company", icon: IconBuildingStore, permissions: ["settings.manage"] },
  { path: "api-tokens", label: "tabs.tokens", icon: IconKey, permissions: ["api_tokens.manage"] },
  { path: "webhooks", label: "tabs.webhooks", icon: IconWebhook, permissions: ["webhooks.manage"] },
  { path: "audit", label: "tabs.audit", icon: IconHistory, permissions: ["audit.view"] },
];

/** The address of a tab (and of what lies under it, e.g. `settingsPath("users", id)`). */
export function settingsPath(tab: SettingsTabPath, ...rest: string[]): string {
  return [SETTINGS_PATH, tab, ...rest].join("/");
}

/** The tabs this user may open, in order; the first is where `/settings` leads. */
export function visibleSettingsTabs(me: Me | undefined): SettingsTab[] {
  return SETTINGS_TABS.filter((tab) => opens(me, tab.permissions));
}

/** The permissions that open Configurações at all: those of any tab (none when a tab is open to every user). */
export const SETTINGS_PERMISSIONS: Permission[] = SETTINGS_TABS.some((tab) => tab.permissions.length === 0)
  ? []
  : [...new Set(SETTINGS_TABS.flatMap((tab) => tab.permissions))];

/** The tab an address under `/settings` belongs to ("/settings/users/42" → "users"), if any. */
export function settingsTabOf(pathname: string): SettingsTabPath | undefined {
  const [, root, tab] = pathname.split("/");
  return root === SETTINGS_PATH.slice(1) ? SETTINGS_TABS.find((each) => each.path === tab)?.path : undefined;
}
