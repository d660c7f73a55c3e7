import {
  ActionIcon,
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from "@mantine/core";
import "@mantine/dates/styles.css";
import { DatePickerInput } from "@mantine/dates";
import { notifications } from "@mantine/notifications";
import { IconCopy, IconPlus, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { QueryState } from "../../../components/QueryState";
import { TimeZoneSelect } from "../../../components/TimeZoneSelect";
import { formatDuration } from "../../../lib/format";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import {
  type Week,
  type Weekday,
  WEEKDAYS,
  addHoliday,
  addInterval,
  copyDayToWeek,
  dayMinutes,
  groupByDay,
  normalizeClock,
  removeInterval,
  ruleSlot,
  toRules,
  updateInterval,
  validateWeek,
} from "../accessHours";
import { type AccessHours, type UserView, useAccessHours, usePutAccessHours } from "../api";
import { serverFieldMessage } from "../userForm";

interface State {
  enabled: boolean;
  timezone: string;
  admins_bypass: boolean;
  week: Week;
  holidays: string[];
}

function stateOf(hours: AccessHours): State {
  return {
    enabled: hours.enabled,
    timezone: hours.timezone,
    admins_bypass: hours.admins_bypass,
    week: groupByDay(hours.rules),
    holidays: [...(hours.holidays ?? [])].sort(),
  };
}

function sameState(a: State, b: State): boolean {
  return (
    a.enabled === b.enabled &&
    a.timezone === b.timezone &&
    a.admins_bypass === b.admins_bypass &&
    JSON.stringify(toRules(a.week)) === JSON.stringify(toRules(b.week)) &&
    JSON.stringify(a.holidays) === JSON.stringify(b.holidays)
  );
}

function formatHoliday(date: string, language: string): string {
  const [year, month, day] = date.split("-").map(Number);
  return new Intl.DateTimeFormat(language, { dateStyle: "medium" }).format(new Date(year!, month! - 1, day!));
}

interface DayRowProps {
  day: Weekday;
  week: Week;
  problems: Record<string, string>;
  readOnly: boolean;
  onChange: (week: Week) => void;
  onCopy: (day: Weekday) => void;
}

function DayRow({ day, week, problems, readOnly, onChange, onCopy }: DayRowProps) {
  const { t } = useTranslation("users");
  const dayName = t(`weekdays.${day}`);
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
              {t("accessHours.closed")}
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
                  <TextInput
                    aria-label={t("accessHours.startOf", { n, day: dayName })}
                    value={interval.start}
                    placeholder="08:00"
                    size="xs"
                    w={64}
                    maxLength={5}
                    readOnly={readOnly}
                    error={Boolean(problem)}
                    onChange={(event) =>
                      onChange(updateInterval(week, day, index, { start: event.currentTarget.value }))
                    }
                    onBlur={(event) =>
                      onChange(updateInterval(week, day, index, { start: normalizeClock(event.currentTarget.value) }))
                    }
                  />
                  <Text size="sm" c="dimmed" aria-hidden>
                    –
                  </Text>
                  <TextInput
                    aria-label={t("accessHours.endOf", { n, day: dayName })}
                    value={interval.end}
                    placeholder="12:00"
                    size="xs"
                    w={64}
                    maxLength={5}
                    readOnly={readOnly}
                    error={Boolean(problem)}
                    onChange={(event) => onChange(updateInterval(week, day, index, { end: event.currentTarget.value }))}
                    onBlur={(event) =>
                      onChange(updateInterval(week, day, index, { end: normalizeClock(event.currentTarget.value) }))
                    }
                  />
                  {!readOnly && (
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      size="sm"
                      aria-label={t("accessHours.removeInterval", { n, day: dayName })}
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
            <Tooltip label={t("accessHours.addInterval")} withArrow>
              <ActionIcon
                variant="light"
                mt={4}
                aria-label={t("accessHours.addIntervalTo", { day: dayName })}
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
            aria-label={t("accessHours.copyToWeekOf", { day: dayName })}
            onClick={() => onCopy(day)}
          >
            {t("accessHours.copyToWeek")}
          </Button>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function HolidaysEditor({
  holidays,
  readOnly,
  error,
  onChange,
}: {
  holidays: string[];
  readOnly: boolean;
  error?: string;
  onChange: (holidays: string[]) => void;
}) {
  const { t, i18n } = useTranslation("users");
  return (
    <Paper withBorder p="lg">
      <Title order={4}>{t("accessHours.holidays")}</Title>
      <Text size="sm" c="dimmed" mb="md">
        {t("accessHours.holidaysHint")}
      </Text>
      <Group align="flex-start" gap="lg">
        {!readOnly && (
          <DatePickerInput
            label={t("accessHours.addHoliday")}
            placeholder={t("links.pick")}
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
              {t("accessHours.noHolidays")}
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
                        aria-label={t("accessHours.removeHoliday", { date: formatHoliday(date, i18n.language) })}
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

function AccessHoursForm({ user, hours, canManage }: { user: UserView; hours: AccessHours; canManage: boolean }) {
  const { t } = useTranslation("users");
  const save = usePutAccessHours(user.id);
  const [saved, setSaved] = useState(() => stateOf(hours));
  const [state, setState] = useState(saved);
  const [tried, setTried] = useState(false);
  const readOnly = !canManage;

  const localProblems = validateWeek(state.week);
  const problems: Record<string, string> = Object.fromEntries(
    Object.entries(localProblems).map(([key, problem]) => [key, t(`accessHours.problems.${problem}`)]),
  );
  // The server's `rules[i].…` errors, placed on the interval they name.
  const serverErrors = save.isError ? fieldErrors(save.error) : {};
  const unplaced: string[] = [];
  for (const [field, message] of Object.entries(serverErrors)) {
    const rule = /^rules\[(\d+)\]/.exec(field);
    const slot = rule ? ruleSlot(state.week, Number(rule[1])) : null;
    if (slot) problems[`${slot.day}.${slot.interval}`] ??= serverFieldMessage(t, message) ?? message;
    else if (field !== "timezone" && !field.startsWith("holidays")) unplaced.push(`${field}: ${message}`);
  }
  const holidayError = Object.entries(serverErrors).find(([field]) => field.startsWith("holidays"))?.[1];
  const dirty = !sameState(state, saved);
  const ruleCount = toRules(state.week).length;

  function change(patch: Partial<State>) {
    setState((current) => ({ ...current, ...patch }));
  }

  function copy(day: Weekday) {
    change({ week: copyDayToWeek(state.week, day) });
    notifications.show({ color: "teal", message: t("accessHours.copied", { day: t(`weekdays.${day}`) }) });
  }

  function submit() {
    setTried(true);
    if (Object.keys(localProblems).length > 0) return;
    save.mutate(
      {
        enabled: state.enabled,
        timezone: state.timezone,
        admins_bypass: state.admins_bypass,
        rules: toRules(state.week),
        holidays: state.holidays,
      },
      {
        onSuccess: (answer) => {
          const fresh = stateOf(answer);
          setSaved(fresh);
          setState(fresh);
          setTried(false);
          notifications.show({ color: "teal", message: t("accessHours.saved") });
        },
      },
    );
  }

  return (
    <Stack gap="md" maw={1100}>
      <Paper withBorder p="lg">
        <Stack gap="md">
          <Switch
            label={t("accessHours.enabled")}
            description={t("accessHours.enabledHint")}
            checked={state.enabled}
            disabled={readOnly}
            onChange={(event) => change({ enabled: event.currentTarget.checked })}
            size="md"
          />
          {!state.enabled && (
            <Alert color="blue" variant="light">
              {t("accessHours.unrestricted")}
            </Alert>
          )}
          <SimpleGrid cols={2} spacing="xl">
            <TimeZoneSelect
              label={t("accessHours.timezone")}
              description={t("accessHours.timezoneHint")}
              value={state.timezone}
              onChange={(timezone) => change({ timezone })}
              readOnly={readOnly}
              error={serverErrors.timezone ? serverFieldMessage(t, serverErrors.timezone) : undefined}
            />
            <Switch
              mt={28}
              label={t("accessHours.adminsBypass")}
              description={t("accessHours.adminsBypassHint")}
              checked={state.admins_bypass}
              disabled={readOnly}
              onChange={(event) => change({ admins_bypass: event.currentTarget.checked })}
            />
          </SimpleGrid>
        </Stack>
      </Paper>
      <Paper withBorder p="lg" style={{ opacity: state.enabled ? 1 : 0.75 }}>
        <Title order={4}>{t("accessHours.week")}</Title>
        <Text size="sm" c="dimmed" mb="sm">
          {t("accessHours.weekHint")}
        </Text>
        {state.enabled && ruleCount === 0 && (
          <Alert color="orange" variant="light" mb="sm">
            {t("accessHours.noRulesWarning")}
          </Alert>
        )}
        <Table verticalSpacing="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("accessHours.day")}</Table.Th>
              <Table.Th>{t("accessHours.intervals")}</Table.Th>
              {!readOnly && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {WEEKDAYS.map((day) => (
              <DayRow
                key={day}
                day={day}
                week={state.week}
                problems={tried || save.isError ? problems : pendingOnly(problems, localProblems)}
                readOnly={readOnly}
                onChange={(week) => change({ week })}
                onCopy={copy}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <HolidaysEditor
        holidays={state.holidays}
        readOnly={readOnly}
        error={holidayError ? serverFieldMessage(t, holidayError) : undefined}
        onChange={(holidays) => change({ holidays })}
      />
      {tried && Object.keys(localProblems).length > 0 && (
        <Alert color="red" variant="light" role="alert">
          {t("accessHours.fixProblems")}
        </Alert>
      )}
      {save.isError && (unplaced.length > 0 || Object.keys(serverErrors).length === 0) && (
        <Alert color="red" variant="light" role="alert">
          {[problemMessage(t, save.error), ...unplaced].join(" ")}
        </Alert>
      )}
      {canManage && (
        <Group justify="flex-end">
          <Button
            variant="default"
            disabled={!dirty}
            onClick={() => {
              setState(saved);
              setTried(false);
              save.reset();
            }}
          >
            {t("personal.reset")}
          </Button>
          <Button onClick={submit} loading={save.isPending}>
            {t("common:actions.save")}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Before a first save attempt, only intervals that are complete yet wrong (not the ones being typed) are flagged. */
function pendingOnly(problems: Record<string, string>, local: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(problems).filter(([key]) => local[key] === "end_before_start" || local[key] === "overlap"),
  );
}

/** "Bloqueio de acesso por horário": on/off, time zone, administrators' bypass, the weekly intervals and holidays. */
export function AccessHoursTab({ user, canManage }: { user: UserView; canManage: boolean }) {
  const hours = useAccessHours(user.id);
  return (
    <QueryState isPending={hours.isPending} error={hours.error} onRetry={() => void hours.refetch()}>
      {hours.data && <AccessHoursForm user={user} hours={hours.data} canManage={canManage} />}
    </QueryState>
  );
}
