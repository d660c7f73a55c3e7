import { Center, Loader } from "@mantine/core";
import { type ComponentType, type LazyExoticComponent, Suspense, lazy } from "react";
import { type RouteObject, matchRoutes, useLocation, useRoutes } from "react-router";

import { type Namespace, loadNamespaces } from "../i18n";
import { HomeRedirect, NotFoundPage } from "./HomeRedirect";
import { RequireSession } from "./RequireSession";
import { RouteErrorBoundary } from "./RouteError";
import { screens } from "./screens";
import type { SettingsTabPath } from "./settings/tabs";

// Every screen is its own chunk, fetched when its route is first opened: the login page does not load the app
// shell, the Chat does not load the login form nor the administration areas. On a page's first load the
// first-screen script (firstScreenPreload.ts) asks for the screen's chunks beside the entry: no second round trip.
// The texts of the screen's feature (its i18n namespaces) load beside it. Navigating is a transition: the previous
// screen stays until the next one has loaded; on the first load the loader below shows meanwhile.
//
// The routes are React Router's declarative ones (`useRoutes`) with lazy components, not its data router: that
// router (loaders, actions, fetchers, revalidation), which nothing here uses, more than doubled the library on
// every first screen (95 against 41 kB minified).

/** A screen loaded on first use; `load` (the component's module and texts) can start before React asks. */
export type Screen = LazyExoticComponent<ComponentType> & { load: () => Promise<{ default: ComponentType }> };

/** The screen `pick(module)`, the module and the `texts` namespaces loaded on first use. */
function screen<M>(load: () => Promise<M>, pick: (module: M) => ComponentType, texts: Namespace[] = []): Screen {
  let loading: Promise<{ default: ComponentType }> | undefined;
  const loadScreen = () =>
    (loading ??= Promise.all([load(), loadNamespaces(texts)]).then(([module]) => ({ default: pick(module) })));
  return Object.assign(lazy(loadScreen), { load: loadScreen });
}

/** The route showing `Screen`. */
function route(Screen: Screen, rest: Omit<RouteObject, "element" | "index"> = {}): RouteObject {
  return { ...rest, element: <Screen /> };
}

const settings = screens.settings;
const FirstSettingsTab = screen(settings, (m) => m.FirstSettingsTab, ["settings"]);

/** A Configurações tab whose area has no page header of its own (company, tokens, webhooks). */
function section<M>(title: string, load: () => Promise<M>, pick: (module: M) => ComponentType, texts: Namespace[]) {
  return screen(
    () => Promise.all([load(), settings()]),
    ([module, { SettingsSection }]) => {
      const Area = pick(module);
      return function Section() {
        return (
          <SettingsSection title={title}>
            <Area />
          </SettingsSection>
        );
      };
    },
    texts,
  );
}

/** What each tab of Configurações shows. */
const SETTINGS_AREAS: Record<SettingsTabPath, Screen> = {
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
  route(
    screen(screens.login, (m) => m.LoginPage),
    { path: "/login" },
  ),
  route(
    screen(screens.operatorLogin, (m) => m.OperatorLoginPage, ["auth", "platform"]),
    { path: "/platform/login" },
  ),
  route(
    screen(
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
    { path: "/platform" },
  ),
  route(
    screen(
      screens.shell,
      ({ AppLayout }) =>
        function Shell() {
          return <SignedIn Layout={AppLayout} />;
        },
    ),
    {
      path: "/",
      children: [
        { index: true, element: <HomeRedirect /> },
        route(
          screen(screens.chat, (m) => m.ChatPage, ["chat", "messages"]),
          { path: "chat" },
        ),
        route(
          screen(screens.contacts, (m) => m.ContactsPage, ["contacts"]),
          { path: "contacts" },
        ),
        route(
          screen(screens.agenda, (m) => m.AgendaPage, ["agenda"]),
          { path: "agenda" },
        ),
        route(
          screen(screens.reports, (m) => m.ReportsPage, ["reports"]),
          { path: "reports" },
        ),
        route(
          screen(settings, (m) => m.SettingsLayout, ["settings"]),
          {
            path: "settings",
            children: [
              { index: true, element: <FirstSettingsTab /> },
              ...Object.entries(SETTINGS_AREAS).map(([path, area]) => route(area, { path })),
              route(
                screen(screens.user, (m) => m.UserPage, ["users", "departments"]),
                { path: "users/:id" },
              ),
            ],
          },
        ),
        // The areas' addresses before Configurações gathered them.
        ...["users/*", "departments", "channels", "groups", "audit"].map((path) =>
          route(
            screen(settings, (m) => m.MovedToSettings),
            { path },
          ),
        ),
        { path: "*", element: <NotFoundPage /> },
      ],
    },
  ),
];

/** The screen a route shows, if it is one loaded on first use. */
export function screenOf(route: RouteObject): Screen | null {
  const type: unknown =
    route.element && typeof route.element === "object" && "type" in route.element ? route.element.type : null;
  return type && typeof type === "object" && "load" in type ? (type as Screen) : null;
}

/** The screens of the routes at the address, every one loading at once (the shell's and the Chat's), not one after
 * the other as React reaches them. */
function loadScreensAt(pathname: string): void {
  for (const { route } of matchRoutes(routes, pathname) ?? [])
    void screenOf(route)
      ?.load()
      .catch(() => undefined);
}

/** The screen at the address, inside the router; a screen that fails (or whose chunk no longer exists after an
 * upgrade) shows an apology with a way back. */
export function AppRoutes() {
  const { pathname } = useLocation();
  loadScreensAt(pathname);
  const element = useRoutes(routes);
  return (
    <RouteErrorBoundary resetKey={pathname}>
      <Suspense fallback={<Loading />}>{element}</Suspense>
    </RouteErrorBoundary>
  );
}
