import { Alert, Modal, Select, Stack, TextInput, Textarea } from "@mantine/core";
import { DateTimePicker } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { useTranslation } from "react-i18next";

import { FormActions } from "../../../components/FormActions";
import { notifyDone } from "../../../lib/notify";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { useContacts } from "../../contacts/api";
import { type AgendaEvent, useCreateEvent, useUpdateEvent } from "../api";

interface Values {
  title: string;
  starts_at: Date | null;
  ends_at: Date | null;
  notes: string;
  contact_id: string | null;
}

const HOUR_MS = 3_600_000;

/** Creates (`event` null, starting at `start`) or edits an appointment. */
export function EventModal({ event, start, onClose }: { event: AgendaEvent | null; start: Date; onClose: () => void }) {
  const { t } = useTranslation("agenda");
  const contacts = useContacts({});
  const create = useCreateEvent();
  const update = useUpdateEvent();
  const mutation = event ? update : create;
  const form = useForm<Values>({
    initialValues: {
      title: event?.title ?? "",
      starts_at: event ? new Date(event.starts_at) : start,
      ends_at: event ? new Date(event.ends_at) : new Date(start.getTime() + HOUR_MS),
      notes: event?.notes ?? "",
      contact_id: event?.contact_id ?? null,
    },
  });
  const errors = fieldErrors(mutation.error);
  const submit = form.onSubmit((values) => {
    if (!values.starts_at || !values.ends_at) return;
    const body = {
      title: values.title,
      starts_at: new Date(values.starts_at).toISOString(),
      ends_at: new Date(values.ends_at).toISOString(),
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
          <FormActions onCancel={onClose} loading={mutation.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
