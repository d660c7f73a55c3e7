import { Center, Loader, Tabs, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router";

import { PageHeader } from "../../components/PageHeader";
import { useMe } from "../me";
import { SETTINGS_PATH, type SettingsTabPath, settingsPath, settingsTabOf, visibleSettingsTabs } from "./tabs";

/** "Configurações": a tab per administration area the user may open, the open area below. An address the user
 * may not open leads to their first tab; their own attendant page stays open to them. */
export function SettingsLayout() {
  const { t } = useTranslation("settings");
  const { data: me } = useMe();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  if (!me) {
    return (
      <Center h={200}>
        <Loader />
      </Center>
    );
  }
  const tabs = visibleSettingsTabs(me);
  const current = settingsTabOf(pathname);
  const ownPage = pathname === settingsPath("users", me.user.id);
  const allowed = tabs.some((tab) => tab.path === current) || ownPage;
  if (pathname !== SETTINGS_PATH && !allowed) return <Navigate to={SETTINGS_PATH} replace />;
  return (
    <>
      <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
        {t("title")}
      </Text>
      <Tabs
        value={current ?? null}
        onChange={(tab) => tab && void navigate(settingsPath(tab as SettingsTabPath))}
        mb="lg"
        // One row that scrolls sideways: wrapped onto a second row, the tabs' height changed with the page's
        // scroll bar, which changed the width again, and the row never settled.
        styles={{ list: { flexWrap: "nowrap", overflowX: "auto", overflowY: "hidden" } }}
      >
        <Tabs.List aria-label={t("title")}>
          {tabs.map((tab) => (
            <Tabs.Tab key={tab.path} value={tab.path} leftSection={<tab.icon size={16} aria-hidden />}>
              {t(tab.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Outlet />
    </>
  );
}

/** `/settings` itself opens the first tab the user may see (inside `SettingsLayout`, which waits for "me"). */
export function FirstSettingsTab() {
  const { t } = useTranslation("settings");
  const { data: me } = useMe();
  const first = visibleSettingsTabs(me)[0];
  return first ? <Navigate to={settingsPath(first.path)} replace /> : <Text c="dimmed">{t("nothing")}</Text>;
}

/** A tab whose area has no page header of its own (company, tokens, webhooks). */
export function SettingsSection({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation("settings");
  return (
    <>
      <PageHeader title={t(title)} />
      {children}
    </>
  );
}

/** The old address of an area now under Configurações ("/users/42" → "/settings/users/42"). */
export function MovedToSettings() {
  const { pathname, search } = useLocation();
  return <Navigate to={`${SETTINGS_PATH}${pathname}${search}`} replace />;
}
