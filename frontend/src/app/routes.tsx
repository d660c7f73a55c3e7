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
import { SettingsPage } from "./settings/SettingsPage";
import { UserPage } from "../features/users/routes/UserPage";
import { UsersPage } from "../features/users/routes/UsersPage";
import { AppLayout } from "./AppLayout";
import { HomeRedirect, NotFoundPage } from "./HomeRedirect";
import { RequireSession } from "./RequireSession";
import { RouteError } from "./RouteError";

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
      { path: "users", element: <UsersPage /> },
      { path: "users/:id", element: <UserPage /> },
      { path: "departments", element: <DepartmentsPage /> },
      { path: "channels", element: <ChannelsPage /> },
      { path: "groups", element: <GroupsPage /> },
      { path: "settings", element: <SettingsPage /> },
      { path: "audit", element: <AuditPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
