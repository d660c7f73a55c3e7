import { Badge, Box, Button, Group, Paper, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import "@mantine/dates/styles.css";
import "../../../lib/dayjsLocale";
import { DatePickerInput } from "@mantine/dates";
import { IconDownload } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { QueryState } from "../../../components/QueryState";
import { useCompanyTime } from "../../../app/companyTime";
import { dayIn } from "../../../lib/calendar";
import { formatDuration } from "../../../lib/format";
import { problemOf } from "../../../lib/problem";
import { type UserView, usePresenceHistory } from "../api";
import {
  MAX_RANGE_DAYS,
  PRESENCE_STATUSES,
  type PresencePeriod,
  lastDays,
  periodsToCsv,
  rangeOf,
  shares,
  timelineRows,
} from "../presence";
import { Legend, PresenceTimeline, STATUS_COLORS } from "./PresenceTimeline";
import { saveFile } from "../../../lib/download";

function download(fileName: string, text: string) {
  // A byte-order mark so spreadsheet programs read the file as UTF-8.
  saveFile(new Blob(["\ufeff", text], { type: "text/csv;charset=utf-8" }), fileName);
}

function slug(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function PeriodsTable({ periods, now }: { periods: PresencePeriod[]; now: Date }) {
  const { t } = useTranslation("users");
  const { dateTime } = useCompanyTime();
  const newestFirst = [...periods].reverse();
  return (
    <ScrollArea.Autosize mah={320} type="auto">
      <Table striped verticalSpacing={6} stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("columns.status")}</Table.Th>
            <Table.Th>{t("presence.start")}</Table.Th>
            <Table.Th>{t("presence.end")}</Table.Th>
            <Table.Th>{t("presence.duration")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst.map((period) => {
            const end = period.ended_at ? Date.parse(period.ended_at) : now.getTime();
            return (
              <Table.Tr key={`${period.status}-${period.started_at}`}>
                <Table.Td>
                  <Group gap={6}>
                    <Box w={10} h={10} style={{ borderRadius: 10, background: STATUS_COLORS[period.status] }} />
                    {t(`common:presence.${period.status}`)}
                  </Group>
                </Table.Td>
                <Table.Td>{dateTime(period.started_at)}</Table.Td>
                <Table.Td>
                  {period.ended_at ? (
                    dateTime(period.ended_at)
                  ) : (
                    <Badge variant="light" size="sm">
                      {t("presence.open")}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{formatDuration((end - Date.parse(period.started_at)) / 1000)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

/** "Histórico online/offline": a range of days, totals, a day-by-day timeline, the periods and a CSV export. */
export function PresenceHistoryTab({ user }: { user: UserView }) {
  const { t, i18n } = useTranslation("users");
  // Days are the company's, like its access hours and reports.
  const { zone, zoneName } = useCompanyTime();
  const [days, setDays] = useState<[string | null, string | null]>(() => lastDays(7, zone));
  const range = useMemo(() => (days[0] && days[1] ? rangeOf(days[0], days[1], zone) : null), [days, zone]);
  const history = usePresenceHistory(user.id, range, true);
  const data = history.data;
  // Open periods are drawn up to when the answer came.
  const now = useMemo(() => new Date(history.dataUpdatedAt || Date.now()), [history.dataUpdatedAt]);
  const rows = useMemo(
    () => (data ? timelineRows(data.periods, new Date(data.from), new Date(data.to), now, zone) : []),
    [data, now, zone],
  );
  const invalid = days[0] !== null && days[1] !== null && range === null;
  const forbidden = problemOf(history.error)?.code === "forbidden";

  function exportCsv() {
    if (!data || !days[0] || !days[1]) return;
    const csv = periodsToCsv(
      data.periods,
      {
        status: t("presence.csv.status"),
        startedAt: t("presence.csv.startedAt"),
        endedAt: t("presence.csv.endedAt"),
        durationSeconds: t("presence.csv.durationSeconds"),
        statuses: {
          online: t("common:presence.online"),
          away: t("common:presence.away"),
          offline: t("common:presence.offline"),
        },
      },
      now,
    );
    download(`${t("presence.fileName")}-${slug(user.name)}-${days[0]}_${days[1]}.csv`, csv);
  }

  const part = data ? shares(data.totals) : null;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <DatePickerInput
          type="range"
          label={t("presence.range")}
          description={t("presence.rangeHint", { days: MAX_RANGE_DAYS })}
          value={days}
          onChange={(value) => setDays([value[0] ?? null, value[1] ?? null])}
          maxDate={dayIn(new Date(), zone)}
          valueFormat={i18n.language === "en" ? "MMM D, YYYY" : "DD/MM/YYYY"}
          error={invalid ? t("presence.rangeInvalid", { days: MAX_RANGE_DAYS }) : undefined}
          allowSingleDateInRange
          w={300}
        />
        <Button
          variant="default"
          leftSection={<IconDownload size={16} />}
          onClick={exportCsv}
          disabled={!data || data.periods.length === 0}
        >
          {t("presence.export")}
        </Button>
      </Group>
      <QueryState
        isPending={history.isPending && range !== null}
        error={forbidden ? null : history.error}
        onRetry={() => void history.refetch()}
      >
        {forbidden && <Text c="dimmed">{t("presence.forbidden")}</Text>}
        {data && part && (
          <Stack gap="md" style={{ opacity: history.isPlaceholderData ? 0.6 : 1 }}>
            <SimpleGrid cols={3} spacing="md">
              {PRESENCE_STATUSES.map((status) => (
                <Paper key={status} withBorder p="md">
                  <Group gap={8}>
                    <Box w={12} h={12} style={{ borderRadius: 12, background: STATUS_COLORS[status] }} />
                    <Text size="sm" fw={500}>
                      {t(`common:presence.${status}`)}
                    </Text>
                  </Group>
                  <Text size="xl" fw={700} mt={4}>
                    {formatDuration(data.totals[`${status}_seconds`])}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {Math.round(part[status] * 100)}%
                  </Text>
                </Paper>
              ))}
            </SimpleGrid>
            <Paper withBorder p="lg">
              <Group justify="space-between" mb="xs">
                <div>
                  <Title order={4}>{t("presence.timeline")}</Title>
                  <Text size="xs" c="dimmed">
                    {t("presence.timelineHint", { zone: zoneName })}
                  </Text>
                </div>
                <Legend />
              </Group>
              <PresenceTimeline rows={rows} zone={zone} />
            </Paper>
            <Paper withBorder p="lg">
              <Title order={4} mb="sm">
                {t("presence.periods")}
              </Title>
              {data.periods.length === 0 ? (
                <Text c="dimmed" ta="center" py="md">
                  {t("presence.empty")}
                </Text>
              ) : (
                <PeriodsTable periods={data.periods} now={now} />
              )}
            </Paper>
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
