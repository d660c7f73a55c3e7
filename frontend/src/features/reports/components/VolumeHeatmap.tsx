import { Box, Group, ScrollArea, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { VolumeReport } from "../api";
import { LEVELS, legendSteps, levelOf } from "../volume";

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);
/** A Monday, to name the weekdays in the reader's language. */
const A_MONDAY = Date.UTC(2026, 10, 30, 12);
const SHADES = ["var(--mantine-color-default-hover)", "blue.1", "blue.3", "blue.5", "blue.7", "blue.9"];

/** A shade of the heatmap: its background and a readable text colour on it. */
function shade(level: number) {
  return { bg: SHADES[level], c: level >= 4 ? "white" : level === 0 ? "dimmed" : undefined };
}

/** Conversations started per weekday (rows, Monday first) and hour (columns), each cell shaded by its share of the
 * busiest hour, with its count and a label that reads it out; a legend of the shades below. */
export function VolumeHeatmap({ report }: { report: VolumeReport }) {
  const { t, i18n } = useTranslation("reports");
  const weekday = new Intl.DateTimeFormat(i18n.language, { weekday: "long", timeZone: "UTC" });
  const short = new Intl.DateTimeFormat(i18n.language, { weekday: "short", timeZone: "UTC" });
  const nameOf = (index: number) => {
    const day = new Date(A_MONDAY + index * 86_400_000);
    return { long: weekday.format(day), short: short.format(day) };
  };
  return (
    <Box>
      <ScrollArea type="auto">
        <Box
          role="table"
          aria-label={t("volume.chartTitle")}
          style={{ display: "grid", gridTemplateColumns: "5.5rem repeat(24, minmax(1.9rem, 1fr))", gap: 2 }}
          miw={760}
        >
          <Box role="row" style={{ display: "contents" }}>
            <Box role="columnheader" />
            {HOURS.map((hour) => (
              <Text key={hour} role="columnheader" size="xs" c="dimmed" ta="center">
                {String(hour).padStart(2, "0")}
              </Text>
            ))}
          </Box>
          {report.days.map((day, index) => {
            const name = nameOf(index);
            return (
              <Box key={day.weekday} role="row" style={{ display: "contents" }}>
                <Text role="rowheader" size="sm" fw={500} title={name.long} style={{ alignSelf: "center" }}>
                  {name.short}
                </Text>
                {day.hours.map((count, hour) => {
                  const label = t("volume.cell", { weekday: name.long, hour, count });
                  return (
                    <Box
                      key={hour}
                      role="cell"
                      aria-label={label}
                      title={label}
                      {...shade(levelOf(count, report.max))}
                      py={6}
                      ta="center"
                      fz="xs"
                      style={{ borderRadius: 4 }}
                    >
                      {count}
                    </Box>
                  );
                })}
              </Box>
            );
          })}
        </Box>
      </ScrollArea>
      <Group gap="xs" mt="sm" aria-label={t("volume.legend")}>
        <Text size="xs" c="dimmed">
          {t("volume.legend")}:
        </Text>
        <Group gap={4}>
          <Box {...shade(0)} px={8} py={2} fz="xs" style={{ borderRadius: 4 }}>
            0
          </Box>
          {legendSteps(report.max).map((step) => (
            <Box key={step.level} {...shade(step.level)} px={8} py={2} fz="xs" style={{ borderRadius: 4 }}>
              {step.from === step.to ? step.from : `${step.from}–${step.to}`}
            </Box>
          ))}
        </Group>
        <Text size="xs" c="dimmed">
          {t("volume.legendHint", { levels: LEVELS })}
        </Text>
      </Group>
    </Box>
  );
}
