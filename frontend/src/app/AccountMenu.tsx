import { Menu } from "@mantine/core";
import { IconLanguage, IconLogout } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { NotificationMenuItems } from "../features/notifications/NotificationMenuItems";
import { LANGUAGES, setLanguage } from "../i18n";
import { AccountButton } from "./HeaderControls";
import { logout } from "./logout";
import { useMe } from "./me";

/** The account menu: who is signed in, the language, notifications, signing out (loaded by HeaderControls when wanted). */
export default function AccountMenu({ defaultOpened, autoFocus }: { defaultOpened: boolean; autoFocus: boolean }) {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  return (
    <Menu position="bottom-end" withinPortal defaultOpened={defaultOpened}>
      <Menu.Target>
        <AccountButton autoFocus={autoFocus} />
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
        <NotificationMenuItems />
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} />} onClick={() => void logout()}>
          {t("actions.logout")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
