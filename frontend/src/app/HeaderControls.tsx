import { Avatar, Group, Menu, SegmentedControl, UnstyledButton } from "@mantine/core";
import { IconLanguage, IconLogout } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { type Schemas, api, unwrap } from "../api/client";
import { LANGUAGES, setLanguage } from "../i18n";
import { meKey, useMe } from "./me";
import { logout } from "./logout";
import { notifyProblem } from "../lib/notify";

type Presence = Schemas["PresenceStatus"];
const PRESENCES: Presence[] = ["online", "away", "offline"];

function PresenceToggle() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (status: Presence) => unwrap(api.PUT("/api/v1/me/presence", { body: { status } })),
    // The server's answer shows at once (no flash of the old state), then "me" is read again.
    onSuccess: ({ status }) => {
      queryClient.setQueryData(meKey, (cached: Schemas["Me"] | undefined) => cached && { ...cached, presence: status });
      return queryClient.invalidateQueries({ queryKey: meKey });
    },
    onError: (error) => notifyProblem(t, error),
  });
  if (!me) return null;
  return (
    <SegmentedControl
      aria-label={t("presence.label")}
      size="xs"
      value={change.isPending ? change.variables : me.presence}
      onChange={(value) => change.mutate(value as Presence)}
      data={PRESENCES.map((value) => ({ value, label: t(`presence.${value}`) }))}
    />
  );
}

export function HeaderControls() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  return (
    <Group gap="sm" wrap="nowrap">
      <PresenceToggle />
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <UnstyledButton aria-label={me ? `${t("nav.account")}: ${me.user.name}` : t("nav.account")}>
            <Avatar color="teal" radius="xl">
              {me?.user.name.slice(0, 2).toUpperCase()}
            </Avatar>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          {me && <Menu.Label>{me.user.email}</Menu.Label>}
          <Menu.Label>{t("language.label")}</Menu.Label>
          {LANGUAGES.map((language) => (
            <Menu.Item
              key={language}
              leftSection={<IconLanguage size={16} />}
              onClick={() => setLanguage(language)}
              fw={i18n.language === language ? 700 : undefined}
            >
              {t(`language.${language}`)}
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void logout()}>
            {t("actions.logout")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}
