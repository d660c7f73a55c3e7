import { Tabs } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import { PageHeader } from "../../../components/PageHeader";
import { ServiceReport } from "../components/ServiceReport";
import { WorkingTimeReport } from "../components/WorkingTimeReport";

/** "Relatórios": how the team works and serves, in the company's time zone. */
export function ReportsPage() {
  const { t } = useTranslation("reports");
  const time = useCompanyTime();
  return (
    <>
      <PageHeader title={t("title")} description={t("description", { zone: time.zoneName })} />
      <Tabs defaultValue="working-time" keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="working-time">{t("tabs.workingTime")}</Tabs.Tab>
          <Tabs.Tab value="service">{t("tabs.service")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="working-time">
          <WorkingTimeReport />
        </Tabs.Panel>
        <Tabs.Panel value="service">
          <ServiceReport />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
