import { Group, Paper, SimpleGrid, Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { AgendaEvent } from "../api";
import type { Day } from "../calendar";
import classes from "./Agenda.module.css";
import { EventChip } from "./EventChip";

export interface CalendarProps {
  days: Day[];
  today: Day;
  eventsByDay: Map<Day, AgendaEvent[]>;
  contactNames: Map<string, string>;
  /** Formats a plain date as a label (e.g. "qua., 25/11"). */
  dayLabel: (day: Day) => string;
  time: Intl.DateTimeFormat;
  onCreate: (day: Day) => void;
  onOpen: (event: AgendaEvent) => void;
}

/** Seven columns, one a day, with every appointment of the day. */
export function WeekView({ days, today, eventsByDay, contactNames, dayLabel, time, onCreate, onOpen }: CalendarProps) {
  const { t } = useTranslation("agenda");
  return (
    <SimpleGrid cols={{ base: 1, sm: 7 }} spacing="xs">
      {days.map((day) => {
        const events = eventsByDay.get(day) ?? [];
        return (
          <Paper key={day} withBorder p="xs" mih={220} aria-label={dayLabel(day)} miw={0}>
            <Group justify="space-between" mb="xs" wrap="nowrap">
              <Text fw={600} size="sm" c={day === today ? "teal.7" : undefined}>
                {dayLabel(day)}
              </Text>
              <UnstyledButton
                className={classes.dayNumber}
                aria-label={t("addOn", { day: dayLabel(day) })}
                onClick={() => onCreate(day)}
              >
                +
              </UnstyledButton>
            </Group>
            <Stack gap={6}>
              {events.length === 0 && (
                <Text size="xs" c="dimmed">
                  {t("free")}
                </Text>
              )}
              {events.map((event) => (
                <EventChip
                  key={event.id}
                  event={event}
                  time={time}
                  contactName={event.contact_id ? contactNames.get(event.contact_id) : undefined}
                  onOpen={onOpen}
                />
              ))}
            </Stack>
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}
