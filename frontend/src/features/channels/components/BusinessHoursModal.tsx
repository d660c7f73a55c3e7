import { Alert, Badge, Group, Loader, Modal, Stack, Switch, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { FormActions } from "../../../components/FormActions";
import { HolidaysEditor, WeekCard, weekProblems } from "../../../components/week/WeekEditor";
import { type Week, groupByDay, toRules } from "../../../components/week/week";
import { formatDateTime, zoneName } from "../../../lib/format";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { type BusinessHours, type Channel, useBusinessHours, useSaveBusinessHours } from "../api";

/** WhatsApp's limit for one text message (the server's too). */
const MAX_AWAY_MESSAGE = 4096;

interface State {
  enabled: boolean;
  week: Week;
  holidays: string[];
  away_message: string;
}

function stateOf(hours: BusinessHours): State {
  return {
    enabled: hours.enabled,
    week: groupByDay(hours.rules),
    holidays: [...hours.holidays].sort(),
    away_message: hours.away_message,
  };
}

/** "Aberto agora · fecha 03/12/2026, 18:00 BRT", in the company's zone. */
function OpenNow({ hours }: { hours: BusinessHours }) {
  const { t, i18n } = useTranslation("channels");
  const when = formatDateTime(hours.changes_at, i18n.language, hours.timezone, true);
  const next = hours.changes_at ? t(hours.open_now ? "hours.closesAt" : "hours.opensAt", { when }) : null;
  return (
    <Group gap="xs">
      <Badge color={hours.open_now ? "teal" : "gray"} variant="light">
        {t(hours.open_now ? "hours.openNow" : "hours.closedNow")}
      </Badge>
      {next && (
        <Text size="sm" c="dimmed">
          {next}
        </Text>
      )}
    </Group>
  );
}

function BusinessHoursForm({
  channel,
  hours,
  onClose,
}: {
  channel: Channel;
  hours: BusinessHours;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation("channels");
  const save = useSaveBusinessHours(channel.id);
  const [state, setState] = useState(() => stateOf(hours));
  const [tried, setTried] = useState(false);
  const serverErrors = save.isError ? fieldErrors(save.error) : {};
  const week = weekProblems(t, state.week, serverErrors, tried || save.isError, ["away_message"]);
  const awayBlank = state.enabled && state.away_message.trim() === "";

  function change(patch: Partial<State>) {
    setState((current) => ({ ...current, ...patch }));
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    setTried(true);
    if (week.blocking || awayBlank) return;
    const body = {
      enabled: state.enabled,
      rules: toRules(state.week),
      holidays: state.holidays,
      away_message: state.away_message,
    };
    save.mutate(body, {
      onSuccess: () => {
        notifications.show({ color: "teal", message: t("hours.saved") });
        onClose();
      },
    });
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t("hours.explain", { zone: zoneName(hours.timezone, i18n.language, "long") })}
        </Text>
        <OpenNow hours={hours} />
        <Switch
          size="md"
          label={t("hours.enabled")}
          description={t("hours.enabledHint")}
          checked={state.enabled}
          onChange={(event) => change({ enabled: event.currentTarget.checked })}
        />
        <WeekCard
          title={t("hours.week")}
          enabled={state.enabled}
          emptyWarning={t("hours.noRulesWarning")}
          week={state.week}
          problems={week.shown}
          closedLabel={t("hours.closed")}
          readOnly={false}
          onChange={(changed) => change({ week: changed })}
        />
        <HolidaysEditor
          holidays={state.holidays}
          hint={t("hours.holidaysHint")}
          readOnly={false}
          error={week.holidays}
          onChange={(holidays) => change({ holidays })}
        />
        <Textarea
          label={t("hours.awayMessage")}
          description={t("hours.awayMessageHint")}
          autosize
          minRows={3}
          maxLength={MAX_AWAY_MESSAGE}
          value={state.away_message}
          onChange={(event) => change({ away_message: event.currentTarget.value })}
          error={(tried && awayBlank ? t("hours.awayRequired") : undefined) ?? serverErrors.away_message}
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
        <FormActions onCancel={onClose} loading={save.isPending} />
      </Stack>
    </form>
  );
}

/** "Horário de atendimento": when the company answers on a channel, and the automatic answer outside it. */
export function BusinessHoursModal({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const { t } = useTranslation("channels");
  const hours = useBusinessHours(channel?.id ?? null);
  return (
    <Modal
      opened={channel !== null}
      onClose={onClose}
      title={t("hours.title", { name: channel?.name })}
      size="xl"
      centered
    >
      {hours.isError && (
        <Alert color="red" variant="light" role="alert">
          {problemMessage(t, hours.error)}
        </Alert>
      )}
      {channel && hours.data && (
        <BusinessHoursForm key={channel.id} channel={channel} hours={hours.data} onClose={onClose} />
      )}
      {hours.isPending && channel && <Loader m="md" />}
    </Modal>
  );
}
