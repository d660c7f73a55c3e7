import { Button, Paper, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { DatePickerInput } from "@mantine/dates";
import { IconDownload } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import { dayIn } from "../../../lib/calendar";
import { notifyProblem } from "../../../lib/notify";
import type { Granularity } from "../api";

const GRANULARITIES: Granularity[] = ["day", "week", "month"];

export type Days = [string | null, string | null];

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
