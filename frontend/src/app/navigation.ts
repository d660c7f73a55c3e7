import {
  IconAddressBook,
  IconCalendar,
  IconChartBar,
  IconMessages,
  IconSettings,
  IconUsers,
  type Icon,
} from "@tabler/icons-react";

import { type Me, type Permission, opens } from "./permissions";
import { SETTINGS_PATH, SETTINGS_PERMISSIONS, settingsPath } from "./settings/tabs";

export interface NavItem {
  path: string;
  /** Key in the `common` namespace. */
  label: string;
  icon: Icon;
  /** Any of these opens the item; none listed means every user. */
  permissions: Permission[];
}

/** The side menu: the daily areas, Atendentes (the help sends people there from the menu) and Configurações,
 * which gathers every administration area. */
export const NAV_ITEMS: NavItem[] = [
  { path: "/chat", label: "nav.chat", icon: IconMessages, permissions: [] },
  { path: "/contacts", label: "nav.contacts", icon: IconAddressBook, permissions: [] },
  { path: "/agenda", label: "nav.agenda", icon: IconCalendar, permissions: ["agenda.use"] },
  { path: "/reports", label: "nav.reports", icon: IconChartBar, permissions: ["reports.view"] },
  { path: settingsPath("users"), label: "nav.users", icon: IconUsers, permissions: ["users.view", "users.manage"] },
  { path: SETTINGS_PATH, label: "nav.settings", icon: IconSettings, permissions: SETTINGS_PERMISSIONS },
];

/** The menu of this user: items they lack the permission for are hidden. */
export function visibleNavItems(me: Me): NavItem[] {
  return NAV_ITEMS.filter((item) => opens(me, item.permissions));
}
