import type { ReactNode } from "react";
import { createBrowserRouter } from "react-router";

import { LoginPage } from "../features/auth/routes/LoginPage";
import { AgendaPage } from "../features/agenda/routes/AgendaPage";
import { AuditPage } from "../features/audit/routes/AuditPage";
import { ChannelsPage } from "../features/channels/routes/ChannelsPage";
import { ChatPage } from "../features/conversations/routes/ChatPage";
import { ContactsPage } from "../features/contacts/routes/ContactsPage";
import { DepartmentsPage } from "../features/departments/routes/DepartmentsPage";
import { GroupsPage } from "../features/groups/routes/GroupsPage";
import { OperatorLoginPage } from "../features/platform/routes/OperatorLoginPage";
import { PlatformPage } from "../features/platform/routes/PlatformPage";
import { UserPage } from "../features/users/routes/UserPage";
import { UsersPage } from "../features/users/routes/UsersPage";
import { ApiTokens } from "../features/api_tokens/components/ApiTokens";
import { CompanySettings } from "../features/company/components/CompanySettings";
import { Webhooks } from "../features/webhooks/components/Webhooks";
import { FirstSettingsTab, MovedToSettings, SettingsLayout, SettingsSection } from "./settings/SettingsLayout";
import type { SettingsTabPath } from "./settings/tabs";
import { AppLayout } from "./AppLayout";
import { HomeRedirect, NotFoundPage } from "./HomeRedirect";
import { RequireSession } from "./RequireSession";
import { RouteError } from "./RouteError";

/** What each tab of Configurações shows. */
const SETTINGS_AREAS: Record<SettingsTabPath, ReactNode> = {
  users: <UsersPage />,
  departments: <DepartmentsPage />,
  channels: <ChannelsPage />,
  groups: <GroupsPage />,
  company: (
    <SettingsSection title="tabs.company">
      <CompanySettings />
    </SettingsSection>
  ),
  "api-tokens": (
    <SettingsSection title="tabs.tokens">
      <ApiTokens />
    </SettingsSection>
  ),
  webhooks: (
    <SettingsSection title="tabs.webhooks">
      <Webhooks />
    </SettingsSection>
  ),
  audit: <AuditPage />,
};

export const router = createBrowserRouter([
  { path: "/login", element: <LoginPage />, errorElement: <RouteError /> },
  { path: "/platform/login", element: <OperatorLoginPage /> },
  {
    path: "/platform",
    element: (
      <RequireSession kind="operator">
        <PlatformPage />
      </RequireSession>
    ),
  },
  {
    path: "/",
    errorElement: <RouteError />,
    element: (
      <RequireSession kind="user">
        <AppLayout />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: "chat", element: <ChatPage /> },
      { path: "contacts", element: <ContactsPage /> },
      { path: "agenda", element: <AgendaPage /> },
      {
        path: "settings",
        element: <SettingsLayout />,
        children: [
          { index: true, element: <FirstSettingsTab /> },
          ...Object.entries(SETTINGS_AREAS).map(([path, element]) => ({ path, element })),
          { path: "users/:id", element: <UserPage /> },
        ],
      },
      // The areas' addresses before Configurações gathered them.
      ...["users/*", "departments", "channels", "groups", "audit"].map((path) => ({
        path,
        element: <MovedToSettings />,
      })),
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
