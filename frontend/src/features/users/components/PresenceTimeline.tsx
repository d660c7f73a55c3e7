import { Box, Group, Text, Tooltip } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { formatDuration } from "../../../lib/format";
import { noonOf } from "../../../lib/calendar";
import { type PresenceStatus, type TimelineRow, PRESENCE_STATUSES } from "../presence";

export const STATUS_COLORS: Record<PresenceStatus, string> = {
  online: "var(--mantine-color-teal-6)",
  away: "var(--mantine-color-yellow-5)",
  offline: "var(--mantine-color-gray-5)",
};
const NO_DATA = "var(--mantine-color-gray-1)";
const LABEL_WIDTH = 110;
const HOURS = [0, 3, 6, 9, 12, 15, 18, 21, 24];

function time(date: Date, language: string, zone: string): string {
  return new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit", timeZone: zone }).format(date);
}

export function Legend() {
  const { t } = useTranslation("users");
  const items: [string, string][] = [
    ...PRESENCE_STATUSES.map((status): [string, string] => [t(`common:presence.${status}`), STATUS_COLORS[status]]),
    [t("presence.noData"), NO_DATA],
  ];
  return (
    <Group gap="md">
      {items.map(([label, color]) => (
        <Group key={label} gap={6}>
          <Box
            w={12}
            h={12}
            style={{ background: color, borderRadius: 3, border: "1px solid var(--mantine-color-gray-4)" }}
          />
          <Text size="xs">{label}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** One bar per day of `zone` (the company's), 00h to 24h, with a coloured stretch per presence period. */
export function PresenceTimeline({ rows, zone }: { rows: TimelineRow[]; zone: string }) {
  const { t, i18n } = useTranslation("users");
  const dayFormat = new Intl.DateTimeFormat(i18n.language, {
    weekday: "short",
    day: "2-digit",
    month: "2-digit",
    timeZone: "UTC",
  });
  return (
    <Box>
      <Box ml={LABEL_WIDTH} pos="relative" h={18} aria-hidden>
        {HOURS.map((hour) => (
          <Text
            key={hour}
            size="xs"
            c="dimmed"
            pos="absolute"
            style={{
              left: `${(hour / 24) * 100}%`,
              transform: hour === 0 ? "none" : hour === 24 ? "translateX(-100%)" : "translateX(-50%)",
            }}
          >
            {String(hour).padStart(2, "0")}h
          </Text>
        ))}
      </Box>
      {rows.map((row) => {
        const seconds = Object.fromEntries(PRESENCE_STATUSES.map((status) => [status, 0])) as Record<
          PresenceStatus,
          number
        >;
        for (const segment of row.segments)
          seconds[segment.status] += (segment.endedAt.getTime() - segment.startedAt.getTime()) / 1000;
        const label = dayFormat.format(noonOf(row.day));
        const summary = t("presence.daySummary", {
          online: formatDuration(seconds.online),
          away: formatDuration(seconds.away),
          offline: formatDuration(seconds.offline),
        });
        return (
          <Group key={row.day} gap={0} wrap="nowrap" my={6}>
            <Text size="sm" w={LABEL_WIDTH} style={{ flexShrink: 0, textTransform: "capitalize" }}>
              {label}
            </Text>
            <Box
              role="img"
              aria-label={t("presence.dayLabel", { day: label, summary })}
              pos="relative"
              h={22}
              style={{
                flex: 1,
                background: NO_DATA,
                borderRadius: 4,
                overflow: "hidden",
                backgroundImage:
                  "repeating-linear-gradient(to right, transparent 0, transparent calc(12.5% - 1px), var(--mantine-color-gray-3) calc(12.5% - 1px), var(--mantine-color-gray-3) 12.5%)",
              }}
            >
              {row.segments.map((segment) => (
                <Tooltip
                  key={`${segment.status}-${segment.startedAt.getTime()}`}
                  label={`${t(`common:presence.${segment.status}`)}: ${time(segment.startedAt, i18n.language, zone)}–${time(segment.endedAt, i18n.language, zone)} (${formatDuration((segment.endedAt.getTime() - segment.startedAt.getTime()) / 1000)})`}
                  withArrow
                >
                  <Box
                    pos="absolute"
                    top={0}
                    bottom={0}
                    style={{
                      left: `${segment.left * 100}%`,
                      width: `max(${segment.width * 100}%, 1px)`,
                      background: STATUS_COLORS[segment.status],
                    }}
                  />
                </Tooltip>
              ))}
            </Box>
          </Group>
        );
      })}
    </Box>
  );
}
