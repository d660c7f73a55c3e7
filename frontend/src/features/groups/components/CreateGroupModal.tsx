import { Alert, Modal, Select, Stack, TagsInput, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";

import { fieldErrors, problemMessage } from "../../../lib/problem";
import { useChannels } from "../../channels/api";
import { useCreateGroup } from "../api";
import { FormActions } from "../../../components/FormActions";

interface Values {
  channel_id: string | null;
  subject: string;
  participants: string[];
}

/** "Criar grupo": a new WhatsApp group on a QR channel, imported at once. */
export function CreateGroupModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("groups");
  const channels = useChannels();
  const create = useCreateGroup();
  const form = useForm<Values>({ initialValues: { channel_id: null, subject: "", participants: [] } });
  const errors = fieldErrors(create.error);
  const capable = channels.items.filter((channel) => channel.capabilities.create_group);
  const close = () => {
    form.reset();
    create.reset();
    onClose();
  };
  const submit = form.onSubmit((values) =>
    create.mutate(
      { channel_id: values.channel_id ?? "", subject: values.subject.trim(), participants: values.participants },
      {
        onSuccess: () => {
          notifications.show({ color: "teal", message: t("createForm.created") });
          close();
        },
      },
    ),
  );
  return (
    <Modal opened={opened} onClose={close} title={t("create")} size="lg" centered>
      <form onSubmit={submit}>
        <Stack>
          <Select
            label={t("createForm.channel")}
            data={capable.map((channel) => ({ value: channel.id, label: channel.name }))}
            required
            error={errors.channel_id}
            {...form.getInputProps("channel_id")}
          />
          <TextInput
            label={t("createForm.subject")}
            required
            maxLength={100}
            error={errors.subject}
            {...form.getInputProps("subject")}
          />
          <TagsInput
            label={t("createForm.participants")}
            description={t("createForm.participantsHint")}
            error={errors.participants}
            splitChars={[",", " ", ";"]}
            clearable
            {...form.getInputProps("participants")}
          />
          {create.isError && !errors.subject && !errors.participants && (
            <Alert color="red" variant="light" role="alert">
              {problemMessage(t, create.error)}
            </Alert>
          )}
          <FormActions
            submitLabel={t("createForm.submit")}
            onCancel={close}
            loading={create.isPending}
            disabled={!form.values.channel_id}
          />
        </Stack>
      </form>
    </Modal>
  );
}
