import { Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import { QueryState } from "../../../components/QueryState";
import type { Language } from "../../../i18n";
import { type Days as Range, downloadVolume, useVolume } from "../api";
import { lastWeeks } from "../volume";
import { ChartCard, CsvButton, type Days, PeriodFields } from "./PeriodFields";
import { VolumeHeatmap } from "./VolumeHeatmap";

/** "Volume": conversations started per weekday and hour of the day, a heatmap to plan shifts. */
export function VolumeReport() {
  const { t, i18n } = useTranslation("reports");
  const time = useCompanyTime();
  const [days, setDays] = useState<Days>(() => lastWeeks(new Date(), time.zone, 4));
  const query: Range | null = days[0] && days[1] ? { from: days[0], to: days[1] } : null;
  const report = useVolume(query);

  async function download() {
    if (!query) return;
    const name = `${t("volume.fileName")}-${query.from}_${query.to}.csv`;
    await downloadVolume(query, i18n.language as Language, name);
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Group align="flex-end">
          <PeriodFields days={days} onDays={setDays} />
        </Group>
        <CsvButton download={download} disabled={!query} />
      </Group>
      <ChartCard title={t("volume.chartTitle")}>
        <QueryState
          isPending={report.isPending && query !== null}
          error={report.error}
          onRetry={() => void report.refetch()}
          isEmpty={false}
        >
          {report.data && (
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t("volume.summary", { count: report.data.total })}
              </Text>
              <VolumeHeatmap report={report.data} />
            </Stack>
          )}
        </QueryState>
      </ChartCard>
    </Stack>
  );
}
