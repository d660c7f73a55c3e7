import { Group, Select, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { TableCard } from "../../../components/TableCard";
import type { Language } from "../../../i18n";
import {
  type ParticipantsQuery,
  type ReportQuery,
  downloadGroupParticipants,
  downloadGroups,
  useGroupParticipants,
  useGroupsReport,
} from "../api";
import { thisWeek } from "../workingTime";
import { BarsCard, CsvButton, ReportToolbar, useReportPeriod, queryState, useDayLabel } from "./ReportFrame";

/** "Grupos": messages per imported group and period, and each group's most active participants. */
export function GroupsReport() {
  const { t } = useTranslation("reports");
  const period = useReportPeriod(thisWeek);
  const granularity = period.granularity;
  const query: ReportQuery | null = period.range && { ...period.range, granularity };
  const report = useGroupsReport(query);
  const groups = report.data?.groups ?? [];
  const rows = report.data?.items ?? [];
  const active = groups.filter((group) => group.messages > 0);
  const dayLabel = useDayLabel();

  return (
    <Stack gap="md">
      <ReportToolbar
        period={period}
        split
        csv={{
          fileName: t("groups.fileName"),
          save: (range, language, name) => downloadGroups({ ...range, granularity }, language, name),
        }}
      />
      <BarsCard
        title={t("groups.chartTitle")}
        data={active}
        dataKey="subject"
        yAxisProps={{ width: 160 }}
        series={[{ name: "messages", label: t("groups.messages"), color: "teal.6" }]}
      />
      <TableCard
        {...queryState(report, query !== null)}
        isEmpty={rows.length === 0}
        empty={groups.length === 0 ? t("groups.noGroups") : t("groups.empty")}
        head={
          <>
            <Table.Th>{t("groups.group")}</Table.Th>
            <Table.Th>{t(`workingTime.${granularity}`)}</Table.Th>
            <Table.Th ta="right">{t("groups.messages")}</Table.Th>
          </>
        }
      >
        {rows.map((row) => (
          <Table.Tr key={`${row.group_id}-${row.first_day}`}>
            <Table.Td>{row.subject}</Table.Td>
            <Table.Td>{dayLabel(row.first_day)}</Table.Td>
            <Table.Td ta="right">{row.messages}</Table.Td>
          </Table.Tr>
        ))}
      </TableCard>
      {query && groups.length > 0 && (
        <Participants from={query.from} to={query.to} groups={groups.map(({ id, subject }) => ({ id, subject }))} />
      )}
    </Stack>
  );
}

/** The most active participants of every group, or of the one chosen. */
function Participants(props: { from: string; to: string; groups: { id: string; subject: string }[] }) {
  const { t, i18n } = useTranslation("reports");
  const [groupId, setGroupId] = useState<string | null>(null);
  const query: ParticipantsQuery = { from: props.from, to: props.to, ...(groupId ? { group_id: groupId } : {}) };
  const participants = useGroupParticipants(query);
  const items = participants.data?.items ?? [];

  async function download() {
    const name = `${t("groups.participants.fileName")}-${query.from}_${query.to}.csv`;
    await downloadGroupParticipants(query, i18n.language as Language, name);
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <Title order={5}>{t("groups.participants.title")}</Title>
          <Select
            aria-label={t("groups.group")}
            placeholder={t("groups.participants.allGroups")}
            data={props.groups.map((group) => ({ value: group.id, label: group.subject }))}
            value={groupId}
            onChange={setGroupId}
            clearable
            searchable
            w={260}
          />
        </Group>
        <CsvButton download={download} />
      </Group>
      <TableCard
        {...queryState(participants)}
        isEmpty={items.length === 0}
        empty={t("groups.participants.empty")}
        head={
          <>
            <Table.Th>{t("groups.group")}</Table.Th>
            <Table.Th ta="right">#</Table.Th>
            <Table.Th>{t("groups.participants.participant")}</Table.Th>
            <Table.Th ta="right">{t("groups.messages")}</Table.Th>
          </>
        }
      >
        {items.map((row) => (
          <Table.Tr key={`${row.group_id}-${row.number}`}>
            <Table.Td>{row.subject}</Table.Td>
            <Table.Td ta="right">{row.rank}</Table.Td>
            <Table.Td>
              {row.name ?? row.number}
              {row.name && (
                <Text span c="dimmed" size="sm" ml="xs">
                  {row.number}
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right">{row.messages}</Table.Td>
          </Table.Tr>
        ))}
      </TableCard>
    </Stack>
  );
}
