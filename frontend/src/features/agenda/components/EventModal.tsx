import { Alert, Button, Group, Modal, Select, Stack, TextInput, Textarea } from "@mantine/core";
import "@mantine/dates/styles.css";
import "../../../lib/dayjsLocale";
import { DateTimePicker } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";

import { FormActions } from "../../../components/FormActions";
import { notifyDone } from "../../../lib/notify";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { useContacts } from "../../contacts/api";
import { type AgendaEvent, useCreateEvent, useUpdateEvent } from "../api";
import { instantOf, laterWallTime, wallTimeIn } from "../calendar";

/** Start and end are the pickers' wall times (`YYYY-MM-DD HH:mm:ss`) in the company's zone. */
interface Values {
  title: string;
  starts_at: string | null;
  ends_at: string | null;
  notes: string;
  contact_id: string | null;
}

/** How long a new appointment lasts. */
const DEFAULT_MINUTES = 60;

interface Props {
  event: AgendaEvent | null;
  /** Where a new appointment starts, as a wall time in `zone`. */
  start: string;
  zone: string;
  onClose: () => void;
  onDelete: (event: AgendaEvent) => void;
}

/** Creates (`event` null, starting at `start`) or edits an appointment, in the company's time zone. */
export function EventModal({ event, start, zone, onClose, onDelete }: Props) {
  const { t } = useTranslation("agenda");
  const contacts = useContacts({});
  const create = useCreateEvent();
  const update = useUpdateEvent();
  const mutation = event ? update : create;
  const form = useForm<Values>({
    initialValues: {
      title: event?.title ?? "",
      starts_at: event ? wallTimeIn(event.starts_at, zone) : start,
      ends_at: event ? wallTimeIn(event.ends_at, zone) : laterWallTime(start, DEFAULT_MINUTES),
      notes: event?.notes ?? "",
      contact_id: event?.contact_id ?? null,
    },
  });
  const errors = fieldErrors(mutation.error);
  const submit = form.onSubmit((values) => {
    if (!values.starts_at || !values.ends_at) return;
    const body = {
      title: values.title,
      starts_at: instantOf(values.starts_at, zone),
      ends_at: instantOf(values.ends_at, zone),
      notes: values.notes.trim() || null,
      contact_id: values.contact_id,
    };
    const done = () => {
      notifyDone(t("form.saved"));
      onClose();
    };
    if (event) update.mutate({ id: event.id, body }, { onSuccess: done });
    else create.mutate(body, { onSuccess: done });
  });
  return (
    <Modal opened onClose={onClose} title={event ? t("form.editTitle") : t("form.createTitle")} size="lg" centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={t("form.title")}
            required
            data-autofocus
            error={errors.title}
            {...form.getInputProps("title")}
          />
          <DateTimePicker
            label={t("form.startsAt")}
            required
            error={errors.starts_at}
            {...form.getInputProps("starts_at")}
          />
          <DateTimePicker label={t("form.endsAt")} required error={errors.ends_at} {...form.getInputProps("ends_at")} />
          <Select
            label={t("form.contact")}
            data={contacts.items.map((contact) => ({ value: contact.id, label: contact.name ?? contact.phone }))}
            searchable
            clearable
            error={errors.contact_id}
            {...form.getInputProps("contact_id")}
          />
          <Textarea
            label={t("form.notes")}
            autosize
            minRows={2}
            error={errors.notes}
            {...form.getInputProps("notes")}
          />
          {mutation.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" variant="light" role="alert">
              {problemMessage(t, mutation.error)}
            </Alert>
          )}
          <Group justify="space-between">
            {event ? (
              <Button variant="subtle" color="red" onClick={() => onDelete(event)}>
                {t("form.delete")}
              </Button>
            ) : (
              <span />
            )}
            <FormActions onCancel={onClose} loading={mutation.isPending} />
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
