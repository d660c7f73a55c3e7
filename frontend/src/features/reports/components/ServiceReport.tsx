import { Group, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { TableCard } from "../../../components/TableCard";
import type { Language } from "../../../i18n";
import {
  type ServiceGrouping,
  type ServiceQuery,
  downloadQueues,
  downloadService,
  useQueues,
  useService,
} from "../api";
import { serviceDuration, totalsByGroup } from "../service";
import { thisWeek } from "../workingTime";
import { BarsCard, CsvButton, ReportToolbar, useReportPeriod, queryState, useDayLabel } from "./ReportFrame";

const GROUPINGS: ServiceGrouping[] = ["attendant", "department", "channel"];

/** "Atendimento": per attendant, department or channel and period, conversations and how fast they were served; and
 * the queues now. */
export function ServiceReport() {
  const { t } = useTranslation("reports");
  const period = useReportPeriod(thisWeek);
  const granularity = period.granularity;
  const [groupBy, setGroupBy] = useState<ServiceGrouping>("attendant");
  const query: ServiceQuery | null = period.range && { ...period.range, granularity, group_by: groupBy };
  const report = useService(query);
  const rows = report.data?.items ?? [];
  const unnamed = t(`service.unnamed.${groupBy}`);
  const totals = totalsByGroup(rows, unnamed);
  const dayLabel = useDayLabel();

  return (
    <Stack gap="md">
      <ReportToolbar
        period={period}
        split
        csv={{
          fileName: t("service.fileName"),
          save: (range, language, name) =>
            downloadService({ ...range, granularity, group_by: groupBy }, language, name),
        }}
      >
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
      </ReportToolbar>
      <BarsCard
        title={t("service.chartTitle")}
        rowHeight={56}
        data={totals}
        dataKey="group"
        withLegend
        series={[
          { name: "received", label: t("service.received"), color: "blue.6" },
          { name: "taken", label: t("service.taken"), color: "teal.6" },
          { name: "closed", label: t("service.closed"), color: "gray.6" },
        ]}
      />
      <TableCard
        {...queryState(report, query !== null)}
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
            <Table.Td>{dayLabel(row.first_day)}</Table.Td>
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
        {...queryState(queues)}
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
