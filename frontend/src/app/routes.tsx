import { Center, Loader } from "@mantine/core";
import type { ComponentType } from "react";
import { type RouteObject, createBrowserRouter } from "react-router";

import { type Namespace, loadNamespaces } from "../i18n";
import { HomeRedirect, NotFoundPage } from "./HomeRedirect";
import { RequireSession } from "./RequireSession";
import { RouteError } from "./RouteError";
import { screens } from "./screens";
import type { SettingsTabPath } from "./settings/tabs";

// Every screen is its own chunk, fetched when its route is first opened: the login page does not load the app
// shell, the Chat does not load the login form nor the administration areas. On a page's first load the
// first-screen script (firstScreenPreload.ts) asks for the screen's chunks beside the entry: no second round trip. The router loads a route's chunk before it
// renders it (the previous screen stays until then); on the first load the loader below shows meanwhile.
// The texts of the screen's feature (its i18n namespaces) load beside it.

/** A route whose screen is `pick(module)`, the module and the `texts` namespaces loaded on first use. */
function screen<M>(
  load: () => Promise<M>,
  pick: (module: M) => ComponentType,
  texts: Namespace[] = [],
): Pick<RouteObject, "lazy"> {
  return {
    lazy: async () => {
      const [module] = await Promise.all([load(), loadNamespaces(texts)]);
      return { Component: pick(module) };
    },
  };
}

const settings = screens.settings;

/** A Configurações tab whose area has no page header of its own (company, tokens, webhooks). */
function section<M>(title: string, load: () => Promise<M>, pick: (module: M) => ComponentType, texts: Namespace[]) {
  return {
    lazy: async () => {
      const [module, { SettingsSection }] = await Promise.all([load(), settings(), loadNamespaces(texts)]);
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
  users: screen(screens.users, (m) => m.UsersPage, ["users", "departments"]),
  departments: screen(screens.departments, (m) => m.DepartmentsPage, ["departments"]),
  channels: screen(screens.channels, (m) => m.ChannelsPage, ["channels"]),
  "quick-replies": screen(screens.quickReplies, (m) => m.QuickRepliesPage, ["quickReplies"]),
  labels: screen(screens.labels, (m) => m.LabelsPage, ["labels"]),
  groups: screen(screens.groups, (m) => m.GroupsPage, ["groups"]),
  company: section("tabs.company", screens.company, (m) => m.CompanySettings, ["company"]),
  "api-tokens": section("tabs.tokens", screens.apiTokens, (m) => m.ApiTokens, ["apiTokens"]),
  webhooks: section("tabs.webhooks", screens.webhooks, (m) => m.Webhooks, ["webhooks"]),
  audit: screen(screens.audit, (m) => m.AuditPage, ["audit"]),
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
    ...screen(screens.login, (m) => m.LoginPage),
  },
  {
    path: "/platform/login",
    hydrateFallbackElement: <Loading />,
    ...screen(screens.operatorLogin, (m) => m.OperatorLoginPage, ["auth", "platform"]),
  },
  {
    path: "/platform",
    hydrateFallbackElement: <Loading />,
    ...screen(
      screens.platform,
      ({ PlatformPage }) =>
        function Platform() {
          return (
            <RequireSession kind="operator">
              <PlatformPage />
            </RequireSession>
          );
        },
      ["platform"],
    ),
  },
  {
    path: "/",
    errorElement: <RouteError />,
    hydrateFallbackElement: <Loading />,
    ...screen(
      screens.shell,
      ({ AppLayout }) =>
        function Shell() {
          return <SignedIn Layout={AppLayout} />;
        },
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      {
        path: "chat",
        ...screen(screens.chat, (m) => m.ChatPage, ["chat", "messages"]),
      },
      {
        path: "contacts",
        ...screen(screens.contacts, (m) => m.ContactsPage, ["contacts"]),
      },
      {
        path: "agenda",
        ...screen(screens.agenda, (m) => m.AgendaPage, ["agenda"]),
      },
      {
        path: "reports",
        ...screen(screens.reports, (m) => m.ReportsPage, ["reports"]),
      },
      {
        path: "settings",
        ...screen(settings, (m) => m.SettingsLayout, ["settings"]),
        children: [
          { index: true, ...screen(settings, (m) => m.FirstSettingsTab, ["settings"]) },
          ...Object.entries(SETTINGS_AREAS).map(([path, area]) => ({ path, ...area })),
          {
            path: "users/:id",
            ...screen(screens.user, (m) => m.UserPage, ["users", "departments"]),
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
