// The weekly editor both "Bloqueio de acesso por horário" (users) and "Horário de atendimento" (channels) use: a
// row of intervals per weekday, copy a day to the week, and the dates closed all day.
import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import "@mantine/dates/styles.css";
import "../../lib/dayjsLocale";
import { DatePickerInput } from "@mantine/dates";
import { notifications } from "@mantine/notifications";
import { IconCopy, IconPlus, IconX } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import { formatDuration } from "../../lib/format";
import {
  type Week,
  type Weekday,
  WEEKDAYS,
  addHoliday,
  addInterval,
  copyDayToWeek,
  dayMinutes,
  normalizeClock,
  removeInterval,
  ruleSlot,
  updateInterval,
  validateWeek,
} from "./week";

function formatHoliday(date: string, language: string): string {
  const [year, month, day] = date.split("-").map(Number);
  return new Intl.DateTimeFormat(language, { dateStyle: "medium" }).format(new Date(year!, month! - 1, day!));
}

interface ClockInputProps {
  label: string;
  value: string;
  placeholder: string;
  readOnly: boolean;
  invalid: boolean;
  onChange: (value: string) => void;
}

/** An interval's start or end, "HH:MM"; what was typed ("8", "0800") is read as a time when it leaves the field. */
function ClockInput({ label, value, placeholder, readOnly, invalid, onChange }: ClockInputProps) {
  return (
    <TextInput
      aria-label={label}
      value={value}
      placeholder={placeholder}
      size="xs"
      w={64}
      maxLength={5}
      readOnly={readOnly}
      error={invalid}
      onChange={(event) => onChange(event.currentTarget.value)}
      onBlur={(event) => onChange(normalizeClock(event.currentTarget.value))}
    />
  );
}

interface DayRowProps {
  day: Weekday;
  closedLabel: string;
  week: Week;
  problems: Record<string, string>;
  readOnly: boolean;
  onChange: (week: Week) => void;
  onCopy: (day: Weekday) => void;
}

function DayRow({ day, closedLabel, week, problems, readOnly, onChange, onCopy }: DayRowProps) {
  const { t } = useTranslation();
  const dayName = t(`week.weekdays.${day}`);
  const intervals = week[day];
  const minutes = dayMinutes(intervals);
  return (
    <Table.Tr>
      <Table.Td w={170} style={{ verticalAlign: "top" }}>
        <Text fw={600} size="sm" mt={6}>
          {dayName}
        </Text>
        {minutes > 0 && (
          <Text size="xs" c="dimmed">
            {formatDuration(minutes * 60)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap="sm" align="flex-start">
          {intervals.length === 0 && (
            <Badge variant="light" color="gray" mt={6}>
              {closedLabel}
            </Badge>
          )}
          {intervals.map((interval, index) => {
            const problem = problems[`${day}.${index}`];
            const n = index + 1;
            return (
              <Box key={index}>
                <Group
                  gap={4}
                  wrap="nowrap"
                  p={4}
                  style={{
                    border: `1px solid var(--mantine-color-${problem ? "red-5" : "gray-3"})`,
                    borderRadius: 8,
                  }}
                >
                  <ClockInput
                    label={t("week.startOf", { n, day: dayName })}
                    value={interval.start}
                    placeholder="08:00"
                    readOnly={readOnly}
                    invalid={Boolean(problem)}
                    onChange={(start) => onChange(updateInterval(week, day, index, { start }))}
                  />
                  <Text size="sm" c="dimmed" aria-hidden>
                    –
                  </Text>
                  <ClockInput
                    label={t("week.endOf", { n, day: dayName })}
                    value={interval.end}
                    placeholder="12:00"
                    readOnly={readOnly}
                    invalid={Boolean(problem)}
                    onChange={(end) => onChange(updateInterval(week, day, index, { end }))}
                  />
                  {!readOnly && (
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="sm"
                      aria-label={t("week.removeInterval", { n, day: dayName })}
                      onClick={() => onChange(removeInterval(week, day, index))}
                    >
                      <IconX size={14} />
                    </ActionIcon>
                  )}
                </Group>
                {problem && (
                  <Text size="xs" c="red" mt={2} maw={200} role="alert">
                    {problem}
                  </Text>
                )}
              </Box>
            );
          })}
          {!readOnly && (
            <Tooltip label={t("week.addInterval")} withArrow>
              <ActionIcon
                variant="light"
                mt={4}
                aria-label={t("week.addIntervalTo", { day: dayName })}
                onClick={() => onChange(addInterval(week, day))}
              >
                <IconPlus size={16} />
              </ActionIcon>
            </Tooltip>
          )}
        </Group>
      </Table.Td>
      {!readOnly && (
        <Table.Td w={230} style={{ verticalAlign: "top" }}>
          <Button
            variant="subtle"
            size="xs"
            mt={2}
            leftSection={<IconCopy size={14} />}
            aria-label={t("week.copyToWeekOf", { day: dayName })}
            onClick={() => onCopy(day)}
          >
            {t("week.copyToWeek")}
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/** Dates closed all day ("Feriados"), in date order; `hint` says what closed means here. */
export function HolidaysEditor({
  holidays,
  hint,
  readOnly,
  error,
  onChange,
}: {
  holidays: string[];
  hint: string;
  readOnly: boolean;
  error?: string;
  onChange: (holidays: string[]) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder p="lg">
      <Title order={4}>{t("week.holidays")}</Title>
      <Text size="sm" c="dimmed" mb="md">
        {hint}
      </Text>
      <Group align="flex-start" gap="lg">
        {!readOnly && (
          <DatePickerInput
            label={t("week.addHoliday")}
            placeholder={t("week.pick")}
            value={null}
            onChange={(value) => value && onChange(addHoliday(holidays, String(value).slice(0, 10)))}
            valueFormat={i18n.language === "en" ? "MMM D, YYYY" : "DD/MM/YYYY"}
            excludeDate={(date) => holidays.includes(String(date).slice(0, 10))}
            w={220}
            error={error}
          />
        )}
        <Box style={{ flex: 1 }} mt={readOnly ? 0 : 25}>
          {holidays.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("week.noHolidays")}
            </Text>
          ) : (
            <Group gap="xs">
              {holidays.map((date) => (
                <Badge
                  key={date}
                  size="lg"
                  variant="light"
                  color="grape"
                  tt="none"
                  fw={500}
                  rightSection={
                    readOnly ? undefined : (
                      <ActionIcon
                        size="xs"
                        variant="transparent"
                        color="grape"
                        aria-label={t("week.removeHoliday", { date: formatHoliday(date, i18n.language) })}
                        onClick={() => onChange(holidays.filter((item) => item !== date))}
                      >
                        <IconX size={12} />
                      </ActionIcon>
                    )
                  }
                >
                  {formatHoliday(date, i18n.language)}
                </Badge>
              ))}
            </Group>
          )}
        </Box>
      </Group>
    </Paper>
  );
}

interface WeekTableProps {
  week: Week;
  /** Problems per interval, keyed `"<weekday>.<index>"`, in words (see `weekProblems`). */
  problems: Record<string, string>;
  /** What a day without intervals reads ("Sem acesso", "Fechado"). */
  closedLabel: string;
  readOnly: boolean;
  onChange: (week: Week) => void;
}

/** One row per weekday, Monday first, with its intervals. */
export function WeekTable({ week, problems, closedLabel, readOnly, onChange }: WeekTableProps) {
  const { t } = useTranslation();

  function copy(day: Weekday) {
    onChange(copyDayToWeek(week, day));
    notifications.show({ color: "teal", message: t("week.copied", { day: t(`week.weekdays.${day}`) }) });
  }

  return (
    <Table verticalSpacing="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("week.day")}</Table.Th>
          <Table.Th>{t("week.intervals")}</Table.Th>
          {!readOnly && <Table.Th />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {WEEKDAYS.map((day) => (
          <DayRow
            key={day}
            day={day}
            closedLabel={closedLabel}
            week={week}
            problems={problems}
            readOnly={readOnly}
            onChange={onChange}
            onCopy={copy}
          />
        ))}
      </Table.Tbody>
    </Table>
  );
}

interface WeekCardProps extends WeekTableProps {
  title: string;
  /** The schedule is switched on: off, the card is dimmed and says nothing about an empty week. */
  enabled: boolean;
  /** What an enabled week without any interval means here. */
  emptyWarning: string;
}

/** The week in a card: its title, how intervals read, a warning when it is on and empty, the table. */
export function WeekCard({ title, enabled, emptyWarning, ...table }: WeekCardProps) {
  const { t } = useTranslation();
  const empty = WEEKDAYS.every((day) => table.week[day].length === 0);
  return (
    <Paper withBorder p="lg" style={{ opacity: enabled ? 1 : 0.75 }}>
      <Title order={4}>{title}</Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("week.hint")}
      </Text>
      {enabled && empty && (
        <Alert color="orange" variant="light" mb="sm">
          {emptyWarning}
        </Alert>
      )}
      <WeekTable {...table} />
    </Paper>
  );
}

export interface WeekProblems {
  /** What the table shows, keyed `"<weekday>.<index>"`. */
  shown: Record<string, string>;
  /** The SPA's own checks fail: saving waits. */
  blocking: boolean;
  /** The server's first error on the closed dates (`holidays…`). */
  holidays?: string;
  /** The server's errors the form shows nowhere else: `rules[i]` naming no interval, any field the form does not
   * place itself, as `field: message`. */
  unplaced: string[];
}

/**
 * The week's problems in words: the SPA's checks, then the server's `rules[i]` errors placed on the interval
 * they name, its `holidays` error, and the rest (but `ownFields`, which the form shows by their inputs). Until
 * `strict` (a save was tried or refused), only intervals complete yet wrong are flagged, not the ones being typed.
 */
export function weekProblems(
  t: TFunction,
  week: Week,
  serverErrors: Record<string, string>,
  strict: boolean,
  ownFields: readonly string[],
): WeekProblems {
  const local = validateWeek(week);
  const problems: Record<string, string> = Object.fromEntries(
    Object.entries(local).map(([key, problem]) => [key, t(`common:week.problems.${problem}`)]),
  );
  const unplaced: string[] = [];
  let holidays: string | undefined;
  for (const [field, message] of Object.entries(serverErrors)) {
    const rule = /^rules\[(\d+)\]/.exec(field);
    const slot = rule ? ruleSlot(week, Number(rule[1])) : null;
    if (slot) {
      const words = message === "must be after start" ? t("common:week.problems.end_before_start") : message;
      problems[`${slot.day}.${slot.interval}`] ??= words;
    } else if (field.startsWith("holidays")) holidays ??= message;
    else if (!ownFields.includes(field)) unplaced.push(`${field}: ${message}`);
  }
  const shown = strict
    ? problems
    : Object.fromEntries(
        Object.entries(problems).filter(([key]) => local[key] === "end_before_start" || local[key] === "overlap"),
      );
  return { shown, blocking: Object.keys(local).length > 0, holidays, unplaced };
}
