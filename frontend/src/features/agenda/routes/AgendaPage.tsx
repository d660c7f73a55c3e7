import { ActionIcon, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconChevronLeft, IconChevronRight, IconPlus, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { PageHeader } from "../../../components/PageHeader";
import { QueryState } from "../../../components/QueryState";
import { type AgendaEvent, useDeleteEvent, useWeekEvents } from "../api";
import { EventModal } from "../components/EventModal";
import { addDays, daysOf, startOfWeek, touchesDay } from "../week";

/** "Agenda": the user's week, day by day, with appointments to add, open and remove. */
export function AgendaPage() {
  const { t, i18n } = useTranslation("agenda");
  const [monday, setMonday] = useState(() => startOfWeek(new Date()));
  const sunday = addDays(monday, 7);
  const events = useWeekEvents(monday, sunday);
  const remove = useDeleteEvent();
  const [editing, setEditing] = useState<{ event: AgendaEvent | null; start: Date } | null>(null);
  const [deleting, setDeleting] = useState<AgendaEvent | null>(null);
  const day = new Intl.DateTimeFormat(i18n.language, { weekday: "short", day: "2-digit", month: "2-digit" });
  const time = new Intl.DateTimeFormat(i18n.language, { hour: "2-digit", minute: "2-digit" });
  const items = events.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button
            color="green"
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing({ event: null, start: nextHour() })}
          >
            {t("add")}
          </Button>
        }
      />
      <Group mb="md">
        <ActionIcon variant="default" aria-label={t("previous")} onClick={() => setMonday(addDays(monday, -7))}>
          <IconChevronLeft size={18} />
        </ActionIcon>
        <Button variant="default" size="xs" onClick={() => setMonday(startOfWeek(new Date()))}>
          {t("today")}
        </Button>
        <ActionIcon variant="default" aria-label={t("next")} onClick={() => setMonday(addDays(monday, 7))}>
          <IconChevronRight size={18} />
        </ActionIcon>
        <Title order={5}>{t("week", { start: day.format(monday), end: day.format(addDays(monday, 6)) })}</Title>
      </Group>
      <QueryState isPending={events.isPending} error={events.error}>
        <SimpleGrid cols={{ base: 1, sm: 7 }} spacing="xs">
          {daysOf(monday).map((date) => {
            const today = items.filter((event) => touchesDay(new Date(event.starts_at), new Date(event.ends_at), date));
            return (
              <Paper key={date.toISOString()} withBorder p="xs" mih={220} aria-label={day.format(date)}>
                <Text fw={600} size="sm" mb="xs">
                  {day.format(date)}
                </Text>
                <Stack gap={6}>
                  {today.length === 0 && (
                    <Text size="xs" c="dimmed">
                      {t("free")}
                    </Text>
                  )}
                  {today.map((event) => (
                    <Paper key={event.id} p={6} bg="teal.0" radius="sm">
                      <Group justify="space-between" wrap="nowrap" gap={4}>
                        <Text
                          size="xs"
                          fw={600}
                          component="button"
                          type="button"
                          style={{ background: "none", border: 0, padding: 0, cursor: "pointer", textAlign: "left" }}
                          aria-label={t("edit", { title: event.title })}
                          onClick={() => setEditing({ event, start: new Date(event.starts_at) })}
                        >
                          {time.format(new Date(event.starts_at))} {event.title}
                        </Text>
                        <ActionIcon
                          size="xs"
                          variant="subtle"
                          color="red"
                          aria-label={t("remove", { title: event.title })}
                          onClick={() => setDeleting(event)}
                        >
                          <IconTrash size={12} />
                        </ActionIcon>
                      </Group>
                    </Paper>
                  ))}
                </Stack>
              </Paper>
            );
          })}
        </SimpleGrid>
        {items.length === 0 && (
          <Text c="dimmed" ta="center" mt="md">
            {t("empty")}
          </Text>
        )}
      </QueryState>
      {editing && (
        <EventModal
          key={editing.event?.id ?? "new"}
          event={editing.event}
          start={editing.start}
          onClose={() => setEditing(null)}
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

/** The next full hour from now, where a new appointment starts. */
function nextHour(): Date {
  const next = new Date();
  next.setMinutes(0, 0, 0);
  next.setHours(next.getHours() + 1);
  return next;
}
