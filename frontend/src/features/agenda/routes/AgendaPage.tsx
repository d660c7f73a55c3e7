import { ActionIcon, Button, Group, SegmentedControl, Text, Title } from "@mantine/core";
import { IconChevronLeft, IconChevronRight, IconPlus } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { PageHeader } from "../../../components/PageHeader";
import { QueryState } from "../../../components/QueryState";
import { noonOf } from "../../../lib/calendar";
import { zoneLabel } from "../../../lib/timeZones";
import { useContactNames } from "../../contacts/api";
import { type AgendaEvent, useDeleteEvent, useEvents } from "../api";
import {
  type Day,
  type View,
  byDay,
  dayIn,
  daysShown,
  rangeIn,
  startOfWeek,
  step,
  wallTimeAt,
  wallTimeIn,
} from "../calendar";
import { EventModal } from "../components/EventModal";
import { MonthView } from "../components/MonthView";
import { WeekView } from "../components/WeekView";

/** Where a new appointment starts when only its day is chosen. */
const DEFAULT_HOUR = 9;

/** "novembro de 2026" → "Novembro de 2026" (only the first letter: Portuguese keeps the rest). */
const capitalized = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

function useFormats(language: string, zone: string) {
  return useMemo(() => {
    const dayFormat = new Intl.DateTimeFormat(language, {
      weekday: "short",
      day: "2-digit",
      month: "2-digit",
      timeZone: "UTC",
    });
    const weekday = new Intl.DateTimeFormat(language, { weekday: "short", timeZone: "UTC" });
    const month = new Intl.DateTimeFormat(language, { month: "long", year: "numeric", timeZone: "UTC" });
    return {
      day: (day: Day) => capitalized(dayFormat.format(noonOf(day))),
      weekdays: daysShown("week", "2026-11-23").map((day) => capitalized(weekday.format(noonOf(day)))),
      month: (day: Day) => capitalized(month.format(noonOf(day))),
      time: new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit", timeZone: zone }),
    };
  }, [language, zone]);
}

/** "Agenda": the user's week or month in the company's time zone, with appointments to add and edit. */
export function AgendaPage() {
  const { t, i18n } = useTranslation("agenda");
  const { zone, labelled } = useCompanyTime();
  const today = dayIn(new Date(), zone);
  const [view, setView] = useState<View>("week");
  const [anchor, setAnchor] = useState<Day>(today);
  const days = daysShown(view, anchor);
  const events = useEvents(rangeIn(days, zone));
  const items = events.data ?? [];
  const contactNames = useContactNames(items.flatMap((event) => (event.contact_id ? [event.contact_id] : [])));
  const remove = useDeleteEvent();
  const [editing, setEditing] = useState<{ event: AgendaEvent | null; start: string } | null>(null);
  const [deleting, setDeleting] = useState<AgendaEvent | null>(null);
  const format = useFormats(i18n.language, zone);
  const calendar = {
    days,
    today,
    eventsByDay: byDay(items, days, zone),
    contactNames,
    dayLabel: format.day,
    time: format.time,
    onCreate: (day: Day) => setEditing({ event: null, start: wallTimeAt(day, DEFAULT_HOUR) }),
    onOpen: (event: AgendaEvent) => setEditing({ event, start: wallTimeIn(event.starts_at, zone) }),
  };
  const title =
    view === "week" ? t("week", { start: format.day(days[0]!), end: format.day(days[6]!) }) : format.month(anchor);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button
            color="green"
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing({ event: null, start: nextHour(zone) })}
          >
            {t("add")}
          </Button>
        }
      />
      <Group mb="md" justify="space-between">
        <Group gap="xs">
          <ActionIcon
            variant="default"
            aria-label={t(`previous.${view}`)}
            onClick={() => setAnchor(step(view, anchor, -1))}
          >
            <IconChevronLeft size={18} />
          </ActionIcon>
          <Button variant="default" size="xs" onClick={() => setAnchor(today)}>
            {t("today")}
          </Button>
          <ActionIcon variant="default" aria-label={t(`next.${view}`)} onClick={() => setAnchor(step(view, anchor, 1))}>
            <IconChevronRight size={18} />
          </ActionIcon>
          <Title order={4} aria-live="polite">
            {title}
          </Title>
        </Group>
        <Group gap="md">
          {labelled && (
            <Text size="xs" c="dimmed">
              {t("zone", { zone: zoneLabel(zone) })}
            </Text>
          )}
          <SegmentedControl
            aria-label={t("view.label")}
            value={view}
            onChange={(value) => setView(value as View)}
            data={[
              { value: "week", label: t("view.week") },
              { value: "month", label: t("view.month") },
            ]}
          />
        </Group>
      </Group>
      <QueryState isPending={events.isPending} error={events.error} onRetry={() => void events.refetch()}>
        {view === "week" ? (
          <WeekView {...calendar} />
        ) : (
          <MonthView
            {...calendar}
            month={anchor}
            weekdayLabels={format.weekdays}
            onShowDay={(day) => {
              setAnchor(startOfWeek(day));
              setView("week");
            }}
          />
        )}
        {items.length === 0 && (
          <Text c="dimmed" ta="center" mt="md">
            {t(`empty.${view}`)}
          </Text>
        )}
      </QueryState>
      {editing && (
        <EventModal
          key={editing.event?.id ?? "new"}
          event={editing.event}
          start={editing.start}
          zone={zone}
          onClose={() => setEditing(null)}
          onDelete={(event) => {
            setEditing(null);
            setDeleting(event);
          }}
        />
      )}
      <ConfirmDelete
        item={deleting}
        title={t("deleteTitle", { title: deleting?.title })}
        message={t("deleteMessage")}
        remove={remove}
        done={t("deleted")}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}

/** The next full hour from now in `zone`, where a new appointment starts. */
function nextHour(zone: string): string {
  const next = new Date();
  next.setUTCMinutes(60, 0, 0);
  return wallTimeIn(next, zone);
}
