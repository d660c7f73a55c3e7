import { Center, Loader } from "@mantine/core";
import type { ComponentType } from "react";
import { type RouteObject, createBrowserRouter } from "react-router";

import { HomeRedirect, NotFoundPage } from "./HomeRedirect";
import { RequireSession } from "./RequireSession";
import { RouteError } from "./RouteError";
import type { SettingsTabPath } from "./settings/tabs";

// Every screen is its own chunk, fetched when its route is first opened: the login page does not load the
// app shell, the Chat does not load the administration areas. The router loads a route's chunk before it
// renders it (the previous screen stays until then); on the first load the loader below shows meanwhile.

/** A route whose screen is `pick(module)`, the module loaded on first use. */
function screen<M>(load: () => Promise<M>, pick: (module: M) => ComponentType): Pick<RouteObject, "lazy"> {
  return { lazy: async () => ({ Component: pick(await load()) }) };
}

const settings = () => import("./settings/SettingsLayout");

/** A Configurações tab whose area has no page header of its own (company, tokens, webhooks). */
function section<M>(title: string, load: () => Promise<M>, pick: (module: M) => ComponentType) {
  return {
    lazy: async () => {
      const [module, { SettingsSection }] = await Promise.all([load(), settings()]);
      const Area = pick(module);
      return {
        Component: () => (
          <SettingsSection title={title}>
            <Area />
          </SettingsSection>
        ),
      };
    },
  };
}

/** What each tab of Configurações shows. */
const SETTINGS_AREAS: Record<SettingsTabPath, Pick<RouteObject, "lazy">> = {
  users: screen(
    () => import("../features/users/routes/UsersPage"),
    (m) => m.UsersPage,
  ),
  departments: screen(
    () => import("../features/departments/routes/DepartmentsPage"),
    (m) => m.DepartmentsPage,
  ),
  channels: screen(
    () => import("../features/channels/routes/ChannelsPage"),
    (m) => m.ChannelsPage,
  ),
  groups: screen(
    () => import("../features/groups/routes/GroupsPage"),
    (m) => m.GroupsPage,
  ),
  company: section(
    "tabs.company",
    () => import("../features/company/components/CompanySettings"),
    (m) => m.CompanySettings,
  ),
  "api-tokens": section(
    "tabs.tokens",
    () => import("../features/api_tokens/components/ApiTokens"),
    (m) => m.ApiTokens,
  ),
  webhooks: section(
    "tabs.webhooks",
    () => import("../features/webhooks/components/Webhooks"),
    (m) => m.Webhooks,
  ),
  audit: screen(
    () => import("../features/audit/routes/AuditPage"),
    (m) => m.AuditPage,
  ),
};

/** Shown while the first screen's chunk loads. */
function Loading() {
  return (
    <Center h="100vh">
      <Loader />
    </Center>
  );
}

/** The app shell (header, menu, realtime socket) around the screens of a signed-in user. */
function SignedIn({ Layout }: { Layout: ComponentType }) {
  return (
    <RequireSession kind="user">
      <Layout />
    </RequireSession>
  );
}

export const routes: RouteObject[] = [
  {
    path: "/login",
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading />,
    ...screen(
      () => import("../features/auth/routes/LoginPage"),
      (m) => m.LoginPage,
    ),
  },
  {
    path: "/platform/login",
    hydrateFallbackElement: <Loading />,
    ...screen(
      () => import("../features/platform/routes/OperatorLoginPage"),
      (m) => m.OperatorLoginPage,
    ),
  },
  {
    path: "/platform",
    hydrateFallbackElement: <Loading />,
    ...screen(
      () => import("../features/platform/routes/PlatformPage"),
      ({ PlatformPage }) =>
        function Platform() {
          return (
            <RequireSession kind="operator">
              <PlatformPage />
            </RequireSession>
          );
        },
    ),
  },
  {
    path: "/",
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading />,
    ...screen(
      () => import("./AppLayout"),
      ({ AppLayout }) =>
        function Shell() {
          return <SignedIn Layout={AppLayout} />;
        },
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      {
        path: "chat",
        ...screen(
          () => import("../features/conversations/routes/ChatPage"),
          (m) => m.ChatPage,
        ),
      },
      {
        path: "contacts",
        ...screen(
          () => import("../features/contacts/routes/ContactsPage"),
          (m) => m.ContactsPage,
        ),
      },
      {
        path: "agenda",
        ...screen(
          () => import("../features/agenda/routes/AgendaPage"),
          (m) => m.AgendaPage,
        ),
      },
      {
        path: "settings",
        ...screen(settings, (m) => m.SettingsLayout),
        children: [
          { index: true, ...screen(settings, (m) => m.FirstSettingsTab) },
          ...Object.entries(SETTINGS_AREAS).map(([path, area]) => ({ path, ...area })),
          {
            path: "users/:id",
            ...screen(
              () => import("../features/users/routes/UserPage"),
              (m) => m.UserPage,
            ),
          },
        ],
      },
      // The areas' addresses before Configurações gathered them.
      ...["users/*", "departments", "channels", "groups", "audit"].map((path) => ({
        path,
        ...screen(settings, (m) => m.MovedToSettings),
      })),
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

export const router = createBrowserRouter(routes);
