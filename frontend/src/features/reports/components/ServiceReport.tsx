import { BarChart } from "@mantine/charts";
import "@mantine/charts/styles.css";
import { Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import { TableCard } from "../../../components/TableCard";
import type { Language } from "../../../i18n";
import { noonOf } from "../../../lib/calendar";
import {
  type Granularity,
  type ServiceGrouping,
  type ServiceQuery,
  downloadQueues,
  downloadService,
  useQueues,
  useService,
} from "../api";
import { serviceDuration, totalsByGroup } from "../service";
import { thisWeek } from "../workingTime";
import { ChartCard, CsvButton, type Days, PeriodFields } from "./PeriodFields";

const GROUPINGS: ServiceGrouping[] = ["attendant", "department", "channel"];

/** "Atendimento": per attendant, department or channel and period, conversations and how fast they were served; and
 * the queues now. */
export function ServiceReport() {
  const { t, i18n } = useTranslation("reports");
  const time = useCompanyTime();
  const [days, setDays] = useState<Days>(() => thisWeek(new Date(), time.zone));
  const [granularity, setGranularity] = useState<Granularity>("day");
  const [groupBy, setGroupBy] = useState<ServiceGrouping>("attendant");
  const query: ServiceQuery | null =
    days[0] && days[1] ? { from: days[0], to: days[1], granularity, group_by: groupBy } : null;
  const report = useService(query);
  const rows = report.data?.items ?? [];
  const unnamed = t(`service.unnamed.${groupBy}`);
  const totals = totalsByGroup(rows, unnamed);
  const dayFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeZone: "UTC" });
  const language = i18n.language as Language;

  async function download() {
    if (!query) return;
    await downloadService(query, language, `${t("service.fileName")}-${query.from}_${query.to}.csv`);
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <PeriodFields days={days} onDays={setDays} granularity={granularity} onGranularity={setGranularity} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t("service.groupBy")}
            </Text>
            <SegmentedControl
              value={groupBy}
              onChange={(value) => setGroupBy(value as ServiceGrouping)}
              data={GROUPINGS.map((value) => ({ value, label: t(`service.grouping.${value}`) }))}
            />
          </Stack>
        </Group>
        <CsvButton download={download} disabled={!query} />
      </Group>
      {totals.length > 0 && (
        <ChartCard title={t("service.chartTitle")}>
          <BarChart
            h={Math.max(140, 56 * totals.length)}
            data={totals}
            dataKey="group"
            orientation="vertical"
            withLegend
            series={[
              { name: "received", label: t("service.received"), color: "blue.6" },
              { name: "taken", label: t("service.taken"), color: "teal.6" },
              { name: "closed", label: t("service.closed"), color: "gray.6" },
            ]}
          />
        </ChartCard>
      )}
      <TableCard
        isPending={report.isPending && query !== null}
        error={report.error}
        onRetry={() => void report.refetch()}
        isEmpty={rows.length === 0}
        empty={t("service.empty")}
        head={
          <>
            <Table.Th>{t(`service.grouping.${groupBy}`)}</Table.Th>
            <Table.Th>{t(`workingTime.${granularity}`)}</Table.Th>
            <Table.Th ta="right">{t("service.received")}</Table.Th>
            <Table.Th ta="right">{t("service.taken")}</Table.Th>
            <Table.Th ta="right">{t("service.transferred")}</Table.Th>
            <Table.Th ta="right">{t("service.closed")}</Table.Th>
            <Table.Th ta="right">{t("service.firstResponse")}</Table.Th>
            <Table.Th ta="right">{t("service.resolution")}</Table.Th>
            <Table.Th ta="right">{t("service.messagesSent")}</Table.Th>
            <Table.Th ta="right">{t("service.messagesReceived")}</Table.Th>
          </>
        }
      >
        {rows.map((row) => (
          <Table.Tr key={`${row.id ?? ""}-${row.first_day}`}>
            <Table.Td>{row.name || unnamed}</Table.Td>
            <Table.Td>{dayFormat.format(noonOf(row.first_day))}</Table.Td>
            <Table.Td ta="right">{row.received}</Table.Td>
            <Table.Td ta="right">{row.taken}</Table.Td>
            <Table.Td ta="right">{row.transferred}</Table.Td>
            <Table.Td ta="right">{row.closed}</Table.Td>
            <Table.Td ta="right">
              {serviceDuration(row.first_response_median_seconds)} / {serviceDuration(row.first_response_p90_seconds)}
            </Table.Td>
            <Table.Td ta="right">
              {serviceDuration(row.resolution_median_seconds)} / {serviceDuration(row.resolution_p90_seconds)}
            </Table.Td>
            <Table.Td ta="right">{row.messages_sent}</Table.Td>
            <Table.Td ta="right">{row.messages_received}</Table.Td>
          </Table.Tr>
        ))}
      </TableCard>
      <Queues />
    </Stack>
  );
}

/** The queues now: what waits in each department, and the longest wait. */
function Queues() {
  const { t, i18n } = useTranslation("reports");
  const queues = useQueues();
  const items = queues.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Title order={5}>{t("service.queues.title")}</Title>
        <CsvButton download={() => downloadQueues(i18n.language as Language, `${t("service.queues.fileName")}.csv`)} />
      </Group>
      <TableCard
        isPending={queues.isPending}
        error={queues.error}
        onRetry={() => void queues.refetch()}
        isEmpty={items.length === 0}
        empty={t("service.queues.empty")}
        head={
          <>
            <Table.Th>{t("service.grouping.department")}</Table.Th>
            <Table.Th ta="right">{t("service.queues.waiting")}</Table.Th>
            <Table.Th ta="right">{t("service.queues.oldestWait")}</Table.Th>
          </>
        }
      >
        {items.map((queue) => (
          <Table.Tr key={queue.department_id ?? ""}>
            <Table.Td>{queue.department_name || t("service.unnamed.department")}</Table.Td>
            <Table.Td ta="right">{queue.waiting}</Table.Td>
            <Table.Td ta="right">{serviceDuration(queue.oldest_wait_seconds)}</Table.Td>
          </Table.Tr>
        ))}
      </TableCard>
    </Stack>
  );
}
