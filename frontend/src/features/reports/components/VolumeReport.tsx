import { Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { QueryState } from "../../../components/QueryState";
import { downloadVolume, useVolume } from "../api";
import { lastWeeks } from "../volume";
import { ChartCard, ReportToolbar, useReportPeriod, queryState } from "./ReportFrame";
import { VolumeHeatmap } from "./VolumeHeatmap";

/** "Volume": conversations started per weekday and hour of the day, a heatmap to plan shifts. */
export function VolumeReport() {
  const { t } = useTranslation("reports");
  const period = useReportPeriod((today, zone) => lastWeeks(today, zone, 4));
  const query = period.range;
  const report = useVolume(query);

  return (
    <Stack gap="md">
      <ReportToolbar period={period} csv={{ fileName: t("volume.fileName"), save: downloadVolume }} />
      <ChartCard title={t("volume.chartTitle")}>
        <QueryState {...queryState(report, query !== null)} isEmpty={false}>
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
