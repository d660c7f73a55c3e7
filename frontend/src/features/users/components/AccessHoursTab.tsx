import { Alert, Button, Group, Paper, SimpleGrid, Stack, Switch } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { QueryState } from "../../../components/QueryState";
import { TimeZoneSelect } from "../../../components/TimeZoneSelect";
import { HolidaysEditor, WeekCard, weekProblems } from "../../../components/week/WeekEditor";
import { type Week, groupByDay, toRules } from "../../../components/week/week";
import { fieldErrors, problemMessage } from "../../../lib/problem";
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

function AccessHoursForm({ user, hours, canManage }: { user: UserView; hours: AccessHours; canManage: boolean }) {
  const { t } = useTranslation("users");
  const save = usePutAccessHours(user.id);
  const [saved, setSaved] = useState(() => stateOf(hours));
  const [state, setState] = useState(saved);
  const [tried, setTried] = useState(false);
  const readOnly = !canManage;

  // The server's field errors; `weekProblems` places those of the week and the dates.
  const serverErrors = save.isError ? fieldErrors(save.error) : {};
  const week = weekProblems(t, state.week, serverErrors, tried || save.isError, ["timezone"]);
  const dirty = !sameState(state, saved);

  function change(patch: Partial<State>) {
    setState((current) => ({ ...current, ...patch }));
  }

  function submit() {
    setTried(true);
    if (week.blocking) return;
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
      <WeekCard
        title={t("accessHours.week")}
        enabled={state.enabled}
        emptyWarning={t("accessHours.noRulesWarning")}
        week={state.week}
        problems={week.shown}
        closedLabel={t("accessHours.closed")}
        readOnly={readOnly}
        onChange={(changed) => change({ week: changed })}
      />
      <HolidaysEditor
        holidays={state.holidays}
        hint={t("accessHours.holidaysHint")}
        readOnly={readOnly}
        error={serverFieldMessage(t, week.holidays)}
        onChange={(holidays) => change({ holidays })}
      />
      {tried && week.blocking && (
        <Alert color="red" variant="light" role="alert">
          {t("week.fixProblems", { ns: "common" })}
        </Alert>
      )}
      {save.isError && (week.unplaced.length > 0 || Object.keys(serverErrors).length === 0) && (
        <Alert color="red" variant="light" role="alert">
          {[problemMessage(t, save.error), ...week.unplaced].join(" ")}
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

/** "Bloqueio de acesso por horário": on/off, time zone, administrators' bypass, the weekly intervals and holidays. */
export function AccessHoursTab({ user, canManage }: { user: UserView; canManage: boolean }) {
  const hours = useAccessHours(user.id);
  return (
    <QueryState isPending={hours.isPending} error={hours.error} onRetry={() => void hours.refetch()}>
      {hours.data && <AccessHoursForm user={user} hours={hours.data} canManage={canManage} />}
    </QueryState>
  );
}
