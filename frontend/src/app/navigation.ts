import {
  IconAddressBook,
  IconCalendar,
  IconBrandWhatsapp,
  IconBuilding,
  IconHistory,
  IconMessages,
  IconPlugConnected,
  IconSettings,
  IconUsers,
  type Icon,
} from "@tabler/icons-react";

import { type Me, type Permission, can } from "./permissions";

export interface NavItem {
  path: string;
  /** Key in the `common` namespace. */
  label: string;
  icon: Icon;
  /** Any of these opens the item; none listed means every user. */
  permissions: Permission[];
}

export const NAV_ITEMS: NavItem[] = [
  { path: "/chat", label: "nav.chat", icon: IconMessages, permissions: [] },
  { path: "/contacts", label: "nav.contacts", icon: IconAddressBook, permissions: [] },
  { path: "/agenda", label: "nav.agenda", icon: IconCalendar, permissions: ["agenda.use"] },
  { path: "/users", label: "nav.users", icon: IconUsers, permissions: ["users.view", "users.manage"] },
  { path: "/departments", label: "nav.departments", icon: IconBuilding, permissions: ["departments.manage"] },
  { path: "/channels", label: "nav.channels", icon: IconPlugConnected, permissions: [] },
  {
    path: "/groups",
    label: "nav.groups",
    icon: IconBrandWhatsapp,
    permissions: ["groups.import", "groups.manage"],
  },
  {
    path: "/settings",
    label: "nav.settings",
    icon: IconSettings,
    permissions: ["settings.manage", "api_tokens.manage", "webhooks.manage"],
  },
  { path: "/audit", label: "nav.audit", icon: IconHistory, permissions: ["audit.view"] },
];

/** The menu of this user: items they lack the permission for are hidden. */
export function visibleNavItems(me: Me): NavItem[] {
  return NAV_ITEMS.filter((item) => item.permissions.length === 0 || can(me, ...item.permissions));
}
