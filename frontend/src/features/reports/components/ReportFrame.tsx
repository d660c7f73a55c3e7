import { BarChart, type BarChartProps } from "@mantine/charts";
import "@mantine/charts/styles.css";
import { Button, Group, Paper, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconDownload } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import type { UseQueryResult } from "@tanstack/react-query";

import { useCompanyTime } from "../../../app/companyTime";
import type { Language } from "../../../i18n";
import { dayIn, noonOf } from "../../../lib/calendar";
import { notifyProblem } from "../../../lib/notify";
import type { Days as Range, Granularity } from "../api";

const GRANULARITIES: Granularity[] = ["day", "week", "month"];

export type Days = [string | null, string | null];

/** A row's first day (`2026-12-04`) as the reader's language writes a date. */
export function useDayLabel() {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "short", timeZone: "UTC" });
  return (day: string) => format.format(noonOf(day));
}

/** What a table shows while its report loads or fails; nothing loads until the report is `asked` for. */
export function queryState(report: UseQueryResult<unknown>, asked = true) {
  return { isPending: report.isPending && asked, error: report.error, onRetry: () => void report.refetch() };
}

/** A report's period as its toolbar edits it: the days picked, how rows split them, and the range once both ends are. */
export function useReportPeriod(initial: (today: Date, zone: string) => Days) {
  const time = useCompanyTime();
  const [days, setDays] = useState<Days>(() => initial(new Date(), time.zone));
  const [granularity, setGranularity] = useState<Granularity>("day");
  const range: Range | null = days[0] && days[1] ? { from: days[0], to: days[1] } : null;
  return { days, setDays, granularity, setGranularity, range };
}

export type ReportPeriod = ReturnType<typeof useReportPeriod>;

/** How a report downloads its table for a range: the file's name before the period, and what fetches it. */
export type CsvDownload = {
  fileName: string;
  save: (range: Range, language: Language, fileName: string) => Promise<void>;
};

/** The bar above a report: its period (split by day, week or month when `split`), its own filters, and "Baixar CSV"
 * (disabled until the period is whole). */
export function ReportToolbar(props: {
  period: ReportPeriod;
  split?: boolean;
  csv: CsvDownload;
  children?: ReactNode;
}) {
  const { period, csv } = props;
  const { i18n } = useTranslation("reports");
  const range = period.range;
  async function download() {
    if (!range) return;
    await csv.save(range, i18n.language as Language, `${csv.fileName}-${range.from}_${range.to}.csv`);
  }
  return (
    <Group justify="space-between" align="flex-end">
      <Group align="flex-end">
        <PeriodFields
          days={period.days}
          onDays={period.setDays}
          {...(props.split ? { granularity: period.granularity, onGranularity: period.setGranularity } : {})}
        />
        {props.children}
      </Group>
      <CsvButton download={download} disabled={!range} />
    </Group>
  );
}

/** A report's period (days in the company's zone, up to today) and how its rows split it (when they do). */
export function PeriodFields(props: {
  days: Days;
  onDays: (days: Days) => void;
  granularity?: Granularity;
  onGranularity?: (granularity: Granularity) => void;
}) {
  const { granularity, onGranularity } = props;
  const { t, i18n } = useTranslation("reports");
  const time = useCompanyTime();
  return (
    <>
      <DatePickerInput
        type="range"
        label={t("period")}
        value={props.days}
        onChange={(value) => props.onDays([value[0] ?? null, value[1] ?? null])}
        maxDate={dayIn(new Date(), time.zone)}
        valueFormat={i18n.language === "en" ? "MMM D, YYYY" : "DD/MM/YYYY"}
        allowSingleDateInRange
        w={260}
      />
      {granularity && onGranularity && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t("granularity.label")}
          </Text>
          <SegmentedControl
            value={granularity}
            onChange={(value) => onGranularity(value as Granularity)}
            data={GRANULARITIES.map((value) => ({ value, label: t(`granularity.${value}`) }))}
          />
        </Stack>
      )}
    </>
  );
}

/** "Baixar CSV": runs `download`, telling what went wrong. */
export function CsvButton({ download, disabled }: { download: () => Promise<void>; disabled?: boolean }) {
  const { t } = useTranslation("reports");
  const [downloading, setDownloading] = useState(false);
  async function run() {
    setDownloading(true);
    await download().catch((error: unknown) => notifyProblem(t, error));
    setDownloading(false);
  }
  return (
    <Button
      variant="default"
      leftSection={<IconDownload size={16} />}
      onClick={() => void run()}
      loading={downloading}
      disabled={disabled}
    >
      {t("downloadCsv")}
    </Button>
  );
}

/** A titled chart of horizontal bars, one row per item, as tall as its rows; nothing when there is no item. */
export function BarsCard({ title, rowHeight = 48, ...chart }: { title: string; rowHeight?: number } & BarChartProps) {
  if (chart.data.length === 0) return null;
  return (
    <ChartCard title={title}>
      <BarChart h={Math.max(140, rowHeight * chart.data.length)} orientation="vertical" {...chart} />
    </ChartCard>
  );
}

/** A report's chart, titled. */
export function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={5} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
