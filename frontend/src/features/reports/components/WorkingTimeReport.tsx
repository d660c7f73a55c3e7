import { BarChart } from "@mantine/charts";
import "@mantine/charts/styles.css";
import { Group, Select, Stack, Table, Tooltip } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import { TableCard } from "../../../components/TableCard";
import type { Language } from "../../../i18n";
import { noonOf } from "../../../lib/calendar";
import { zoneName } from "../../../lib/format";
import { type Granularity, type ReportQuery, downloadWorkingTime, useWorkingTime } from "../api";
import { hoursAndMinutes, thisWeek, totalsByAttendant } from "../workingTime";
import { ChartCard, CsvButton, type Days, PeriodFields } from "./PeriodFields";

/** "Jornada de trabalho": per attendant and day, week or month, time online, away and offline, in the company's zone. */
export function WorkingTimeReport() {
  const { t, i18n } = useTranslation("reports");
  const time = useCompanyTime();
  const [days, setDays] = useState<Days>(() => thisWeek(new Date(), time.zone));
  const [granularity, setGranularity] = useState<Granularity>("day");
  const [attendant, setAttendant] = useState<string | null>(null);
  const query: ReportQuery | null = days[0] && days[1] ? { from: days[0], to: days[1], granularity } : null;
  const report = useWorkingTime(query);
  const everyone = report.data?.items ?? [];
  const rows = attendant ? everyone.filter((row) => row.user_id === attendant) : everyone;
  const attendants = [...new Map(everyone.map((row) => [row.user_id, row.user_name])).entries()];
  const totals = totalsByAttendant(rows);
  const dayFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeZone: "UTC" });
  const clock = new Intl.DateTimeFormat(i18n.language, { timeStyle: "short", timeZone: time.zone });
  // Times carry the zone's name when the browser is elsewhere, so that nobody reads them as local.
  const moment = (value: string | null | undefined) => {
    if (!value) return "—";
    const at = new Date(value);
    return time.labelled ? `${clock.format(at)} ${zoneName(time.zone, i18n.language, "short", at)}` : clock.format(at);
  };

  async function download() {
    if (!query) return;
    const fileName = `${t("workingTime.fileName")}-${query.from}_${query.to}.csv`;
    await downloadWorkingTime(query, i18n.language as Language, fileName);
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <PeriodFields days={days} onDays={setDays} granularity={granularity} onGranularity={setGranularity} />
          <Select
            label={t("attendant")}
            placeholder={t("allAttendants")}
            data={attendants.map(([value, label]) => ({ value, label }))}
            value={attendant}
            onChange={(value) => setAttendant(value === null ? null : String(value))}
            clearable
            searchable
            w={220}
          />
        </Group>
        <CsvButton download={download} disabled={!query} />
      </Group>
      {totals.length > 0 && (
        <ChartCard title={t("workingTime.chartTitle")}>
          <BarChart
            h={Math.max(140, 48 * totals.length)}
            data={totals}
            dataKey="attendant"
            orientation="vertical"
            type="stacked"
            valueFormatter={(hours) => `${hours} h`}
            withLegend
            series={[
              { name: "online", label: t("workingTime.online"), color: "teal.6" },
              { name: "away", label: t("workingTime.away"), color: "yellow.5" },
            ]}
          />
        </ChartCard>
      )}
      <TableCard
        isPending={report.isPending && query !== null}
        error={report.error}
        onRetry={() => void report.refetch()}
        isEmpty={rows.length === 0}
        empty={t("empty")}
        head={
          <>
            <Table.Th>{t("attendant")}</Table.Th>
            <Table.Th>{t(`workingTime.${granularity}`)}</Table.Th>
            <Table.Th ta="right">{t("workingTime.online")}</Table.Th>
            <Table.Th ta="right">{t("workingTime.away")}</Table.Th>
            <Table.Th ta="right">{t("workingTime.offline")}</Table.Th>
            <Table.Th ta="right">
              <Tooltip label={t("workingTime.outsideHint")} multiline w={260}>
                <span>{t("workingTime.outside")}</span>
              </Tooltip>
            </Table.Th>
            <Table.Th>{t("workingTime.firstOnline")}</Table.Th>
            <Table.Th>{t("workingTime.lastOnline")}</Table.Th>
          </>
        }
      >
        {rows.map((row) => (
          <Table.Tr key={`${row.user_id}-${row.first_day}`}>
            <Table.Td>{row.user_name}</Table.Td>
            <Table.Td>{dayFormat.format(noonOf(row.first_day))}</Table.Td>
            <Table.Td ta="right">{hoursAndMinutes(row.online_seconds)}</Table.Td>
            <Table.Td ta="right">{hoursAndMinutes(row.away_seconds)}</Table.Td>
            <Table.Td ta="right">{hoursAndMinutes(row.offline_seconds)}</Table.Td>
            <Table.Td ta="right" c={row.outside_access_hours_seconds > 0 ? "red" : undefined}>
              {hoursAndMinutes(row.outside_access_hours_seconds)}
            </Table.Td>
            <Table.Td>{moment(row.first_online_at)}</Table.Td>
            <Table.Td>{moment(row.last_online_at)}</Table.Td>
          </Table.Tr>
        ))}
      </TableCard>
    </Stack>
  );
}
