import { Tabs } from "@mantine/core";
import { IconKey } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { PageHeader } from "../../../components/PageHeader";
import { ApiTokens } from "../components/ApiTokens";

/** "Configurações": the company's integrations (flows and webhooks join them with Chat). */
export function SettingsPage() {
  const { t } = useTranslation("settings");
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Tabs defaultValue="tokens">
        <Tabs.List mb="lg">
          <Tabs.Tab value="tokens" leftSection={<IconKey size={16} aria-hidden />}>
            {t("tabs.tokens")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="tokens">
          <ApiTokens />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
