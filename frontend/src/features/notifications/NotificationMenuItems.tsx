import { Menu, Text } from "@mantine/core";
import { IconBell, IconBellOff, IconCheck, IconVolume, IconVolumeOff } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { askNotificationPermission, notificationPermission, setSoundOn, soundOn } from "./signals";

/** The account menu's notification settings: the browser's permission (asked only when the attendant chooses
 * to, as browsers want) and the chime, on or off in this browser. */
export function NotificationMenuItems() {
  const { t } = useTranslation();
  const [permission, setPermission] = useState(notificationPermission);
  const [sound, setSound] = useState(soundOn);
  return (
    <>
      <Menu.Label>{t("notifications.label")}</Menu.Label>
      {permission === "default" && (
        <Menu.Item
          leftSection={<IconBell size={16} />}
          closeMenuOnClick={false}
          onClick={() => void askNotificationPermission().then(setPermission)}
        >
          {t("notifications.enable")}
        </Menu.Item>
      )}
      {permission === "granted" && (
        <Menu.Item leftSection={<IconCheck size={16} />} disabled>
          {t("notifications.enabled")}
        </Menu.Item>
      )}
      {permission === "denied" && (
        <Menu.Item leftSection={<IconBellOff size={16} />} disabled>
          {t("notifications.blocked")}
        </Menu.Item>
      )}
      <Menu.Item
        closeMenuOnClick={false}
        leftSection={sound ? <IconVolume size={16} /> : <IconVolumeOff size={16} />}
        rightSection={
          <Text size="xs" c={sound ? "teal" : "dimmed"} fw={600}>
            {t(sound ? "notifications.on" : "notifications.off")}
          </Text>
        }
        onClick={() => {
          setSoundOn(!sound);
          setSound(!sound);
        }}
      >
        {t("notifications.sound")}
      </Menu.Item>
    </>
  );
}
