import { Box, Group, NavLink, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { NavLink as RouterLink, Outlet } from "react-router";

import { useAttention } from "../features/notifications/useAttention";
import { useRealtime } from "../realtime/useRealtime";

import classes from "./AppLayout.module.css";
import { HeaderControls } from "./HeaderControls";
import { useMe } from "./me";
import { visibleNavItems } from "./navigation";

export function AppLayout() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  useRealtime(useAttention());
  // A fixed header and menu around the page, in a few rules of our own (AppLayout.module.css): Mantine's AppShell
  // (resizable sections, an aside and a footer, scroll locking) would more than double the shell's first load.
  return (
    <>
      <Box component="header" className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Title order={3} c="teal.7">
              {t("appName")}
            </Title>
            {me && (
              <Text c="dimmed" size="sm" visibleFrom="sm">
                {me.company.name}
              </Text>
            )}
          </Group>
          <HeaderControls />
        </Group>
      </Box>
      <Box component="nav" className={classes.navbar} p={8} aria-label={t("nav.menu")}>
        {me &&
          visibleNavItems(me).map((item) => (
            <NavLink
              key={item.path}
              component={RouterLink}
              to={item.path}
              label={<span className={classes.navLabel}>{t(item.label)}</span>}
              leftSection={<item.icon size={24} stroke={1.6} aria-hidden />}
              styles={{ root: { borderRadius: 8, height: 44 } }}
            />
          ))}
      </Box>
      <Box component="main" className={classes.main}>
        <Outlet />
      </Box>
    </>
  );
}
