import { Tabs } from "@mantine/core";
import { IconBuilding, IconKey, IconWebhook } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { ApiTokens } from "../../features/api_tokens/components/ApiTokens";
import { CompanySettings } from "../../features/company/components/CompanySettings";
import { Webhooks } from "../../features/webhooks/components/Webhooks";
import { useMe } from "../me";
import { can } from "../permissions";
import { PageHeader } from "../../components/PageHeader";

/** "Configurações": the company's details and integrations, each tab for those who may manage it. */
export function SettingsPage() {
  const { t } = useTranslation("settings");
  const { data: me } = useMe();
  const tokens = can(me, "api_tokens.manage");
  const webhooks = can(me, "webhooks.manage");
  const company = can(me, "settings.manage");
  const first = company ? "company" : tokens ? "tokens" : "webhooks";
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Tabs defaultValue={first} keepMounted={false}>
        <Tabs.List mb="lg">
          {company && (
            <Tabs.Tab value="company" leftSection={<IconBuilding size={16} aria-hidden />}>
              {t("tabs.company")}
            </Tabs.Tab>
          )}
          {tokens && (
            <Tabs.Tab value="tokens" leftSection={<IconKey size={16} aria-hidden />}>
              {t("tabs.tokens")}
            </Tabs.Tab>
          )}
          {webhooks && (
            <Tabs.Tab value="webhooks" leftSection={<IconWebhook size={16} aria-hidden />}>
              {t("tabs.webhooks")}
            </Tabs.Tab>
          )}
        </Tabs.List>
        {company && (
          <Tabs.Panel value="company">
            <CompanySettings />
          </Tabs.Panel>
        )}
        {tokens && (
          <Tabs.Panel value="tokens">
            <ApiTokens />
          </Tabs.Panel>
        )}
        {webhooks && (
          <Tabs.Panel value="webhooks">
            <Webhooks />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}
