import { Tabs } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import { useMe } from "../../../app/me";
import { PageHeader } from "../../../components/PageHeader";
import { GroupsReport } from "../components/GroupsReport";
import { ServiceReport } from "../components/ServiceReport";
import { VolumeReport } from "../components/VolumeReport";
import { WorkingTimeReport } from "../components/WorkingTimeReport";

/** "Relatórios": how the team works and serves, when conversations come, and the groups' activity (when the company
 * has WhatsApp groups), in the company's time zone. */
export function ReportsPage() {
  const { t } = useTranslation("reports");
  const time = useCompanyTime();
  const { data: me } = useMe();
  const groups = me?.company.features.whatsapp_groups ?? false;
  return (
    <>
      <PageHeader title={t("title")} description={t("description", { zone: time.zoneName })} />
      <Tabs defaultValue="working-time" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="working-time">{t("tabs.workingTime")}</Tabs.Tab>
          <Tabs.Tab value="service">{t("tabs.service")}</Tabs.Tab>
          <Tabs.Tab value="volume">{t("tabs.volume")}</Tabs.Tab>
          {groups && <Tabs.Tab value="groups">{t("tabs.groups")}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="working-time">
          <WorkingTimeReport />
        </Tabs.Panel>
        <Tabs.Panel value="service">
          <ServiceReport />
        </Tabs.Panel>
        <Tabs.Panel value="volume">
          <VolumeReport />
        </Tabs.Panel>
        {groups && (
          <Tabs.Panel value="groups">
            <GroupsReport />
          </Tabs.Panel>
        )}
      </Tabs>
    </>
  );
}
