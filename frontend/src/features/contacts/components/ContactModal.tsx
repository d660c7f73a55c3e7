import { Alert, Modal, Select, Stack, TagsInput, TextInput, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";

import { fieldErrors, problemMessage } from "../../../lib/problem";
import { type Contact, useCreateContact, useUpdateContact } from "../api";
import { FormActions } from "../../../components/FormActions";

interface Values {
  phone: string;
  name: string;
  email: string;
  tags: string[];
  notes: string;
  owner_id: string | null;
}

interface Props {
  /** The contact to edit; `null` creates one. */
  contact: Contact | null;
  owners: { value: string; label: string }[] | null;
  onClose: () => void;
}

const blankToNull = (text: string) => (text.trim() ? text.trim() : null);

/** Creates or edits a contact; the wallet can be chosen by those who see every wallet. */
export function ContactModal({ contact, owners, onClose }: Props) {
  const { t } = useTranslation("contacts");
  const create = useCreateContact();
  const update = useUpdateContact();
  const mutation = contact ? update : create;
  const form = useForm<Values>({
    initialValues: {
      phone: contact?.phone ?? "",
      name: contact?.name ?? "",
      email: contact?.email ?? "",
      tags: contact?.tags ?? [],
      notes: contact?.notes ?? "",
      owner_id: contact?.owner_id ?? null,
    },
  });
  const errors = fieldErrors(mutation.error);
  const done = (message: string) => {
    notifications.show({ color: "teal", message });
    onClose();
  };
  const submit = form.onSubmit((values) => {
    const details = {
      name: blankToNull(values.name),
      email: blankToNull(values.email),
      tags: values.tags,
      notes: blankToNull(values.notes),
      ...(owners ? { owner_id: values.owner_id } : {}),
    };
    if (contact) update.mutate({ id: contact.id, body: details }, { onSuccess: () => done(t("form.saved")) });
    else create.mutate({ phone: values.phone.trim(), ...details }, { onSuccess: () => done(t("form.created")) });
  });
  return (
    <Modal opened onClose={onClose} title={contact ? t("form.editTitle") : t("form.createTitle")} size="lg" centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={t("form.phone")}
            required
            disabled={contact !== null}
            error={errors.phone}
            data-autofocus
            {...form.getInputProps("phone")}
          />
          <TextInput label={t("form.name")} error={errors.name} {...form.getInputProps("name")} />
          <TextInput label={t("form.email")} type="email" error={errors.email} {...form.getInputProps("email")} />
          <TagsInput
            label={t("form.tags")}
            description={t("form.tagsHint")}
            error={errors.tags}
            {...form.getInputProps("tags")}
          />
          <Textarea
            label={t("form.notes")}
            autosize
            minRows={2}
            maxRows={6}
            error={errors.notes}
            {...form.getInputProps("notes")}
          />
          {owners && (
            <Select
              label={t("form.owner")}
              placeholder={t("nobody")}
              data={owners}
              clearable
              searchable
              error={errors.owner_id}
              {...form.getInputProps("owner_id")}
            />
          )}
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
