import { Select, Stack, Table, Tooltip } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import { TableCard } from "../../../components/TableCard";
import { zoneName } from "../../../lib/format";
import { type ReportQuery, downloadWorkingTime, useWorkingTime } from "../api";
import { hoursAndMinutes, thisWeek, totalsByAttendant } from "../workingTime";
import { BarsCard, ReportToolbar, useReportPeriod, queryState, useDayLabel } from "./ReportFrame";

/** "Jornada de trabalho": per attendant and day, week or month, time online, away and offline, in the company's zone. */
export function WorkingTimeReport() {
  const { t, i18n } = useTranslation("reports");
  const time = useCompanyTime();
  const period = useReportPeriod(thisWeek);
  const granularity = period.granularity;
  const [attendant, setAttendant] = useState<string | null>(null);
  const query: ReportQuery | null = period.range && { ...period.range, granularity };
  const report = useWorkingTime(query);
  const everyone = report.data?.items ?? [];
  const rows = attendant ? everyone.filter((row) => row.user_id === attendant) : everyone;
  const attendants = [...new Map(everyone.map((row) => [row.user_id, row.user_name])).entries()];
  const totals = totalsByAttendant(rows);
  const dayLabel = useDayLabel();
  const clock = new Intl.DateTimeFormat(i18n.language, { timeStyle: "short", timeZone: time.zone });
  // Times carry the zone's name when the browser is elsewhere, so that nobody reads them as local.
  const moment = (value: string | null | undefined) => {
    if (!value) return "—";
    const at = new Date(value);
    return time.labelled ? `${clock.format(at)} ${zoneName(time.zone, i18n.language, "short", at)}` : clock.format(at);
  };

  return (
    <Stack gap="md">
      <ReportToolbar
        period={period}
        split
        csv={{
          fileName: t("workingTime.fileName"),
          save: (range, language, name) => downloadWorkingTime({ ...range, granularity }, language, name),
        }}
      >
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
      </ReportToolbar>
      <BarsCard
        title={t("workingTime.chartTitle")}
        data={totals}
        dataKey="attendant"
        type="stacked"
        valueFormatter={(hours) => `${hours} h`}
        withLegend
        series={[
          { name: "online", label: t("workingTime.online"), color: "teal.6" },
          { name: "away", label: t("workingTime.away"), color: "yellow.5" },
        ]}
      />
      <TableCard
        {...queryState(report, query !== null)}
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
            <Table.Td>{dayLabel(row.first_day)}</Table.Td>
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
