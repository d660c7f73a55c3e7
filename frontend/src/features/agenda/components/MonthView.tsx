import { Box, Paper, SimpleGrid, Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { type Day, sameMonth } from "../calendar";
import classes from "./Agenda.module.css";
import { EventChip } from "./EventChip";
import type { CalendarProps } from "./WeekView";

/** Appointments a day cell lists before "+N more". */
const SHOWN_PER_DAY = 3;

interface Props extends CalendarProps {
  /** A day of the month shown. */
  month: Day;
  weekdayLabels: string[];
  /** Opens the week of a day whose appointments do not fit its cell. */
  onShowDay: (day: Day) => void;
}

/** The month as a calendar grid; a click on a day's free space creates an appointment there. */
export function MonthView(props: Props) {
  const { days, month, today, eventsByDay, contactNames, dayLabel, weekdayLabels, time } = props;
  const { t } = useTranslation("agenda");
  return (
    <Paper withBorder p={4}>
      <SimpleGrid cols={7} spacing={4} verticalSpacing={4}>
        {weekdayLabels.map((label) => (
          <Box key={label} className={classes.weekday} aria-hidden>
            {label}
          </Box>
        ))}
        {days.map((day) => {
          const events = eventsByDay.get(day) ?? [];
          const hidden = events.length - SHOWN_PER_DAY;
          const cellClass = [classes.monthCell, sameMonth(day, month) ? "" : classes.otherMonth].join(" ");
          return (
            <Paper
              key={day}
              withBorder
              radius="sm"
              className={cellClass}
              aria-label={dayLabel(day)}
              role="group"
              onClick={() => props.onCreate(day)}
            >
              <UnstyledButton
                className={[classes.dayNumber, day === today ? classes.today : ""].join(" ")}
                aria-label={t("addOn", { day: dayLabel(day) })}
                onClick={(click) => {
                  click.stopPropagation();
                  props.onCreate(day);
                }}
              >
                {Number(day.slice(8))}
              </UnstyledButton>
              <Stack gap={2} mt={2}>
                {events.slice(0, SHOWN_PER_DAY).map((event) => (
                  <EventChip
                    key={event.id}
                    event={event}
                    time={time}
                    compact
                    contactName={event.contact_id ? contactNames.get(event.contact_id) : undefined}
                    onOpen={props.onOpen}
                  />
                ))}
                {hidden > 0 && (
                  <Text
                    size="xs"
                    c="teal.8"
                    component="button"
                    type="button"
                    className={classes.more}
                    onClick={(click) => {
                      click.stopPropagation();
                      props.onShowDay(day);
                    }}
                  >
                    {t("more", { count: hidden })}
                  </Text>
                )}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
    </Paper>
  );
}
