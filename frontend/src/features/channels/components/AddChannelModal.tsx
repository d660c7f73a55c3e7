import { Alert, Group, Modal, PasswordInput, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";

import type { Schemas } from "../../../api/client";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { type Channel, useCreateChannel } from "../api";
import { FormActions } from "../../../components/FormActions";

type Kind = Schemas["ChannelKind"];
const KINDS: Kind[] = ["whatsapp_qr", "whatsapp_cloud", "simulator"];

interface Values {
  name: string;
  kind: Kind;
  phone_number_id: string;
  access_token: string;
  app_secret: string;
  verify_token: string;
  waba_id: string;
  api_version: string;
}

const EMPTY: Values = {
  name: "",
  kind: "whatsapp_qr",
  phone_number_id: "",
  access_token: "",
  app_secret: "",
  verify_token: "",
  waba_id: "",
  api_version: "",
};

/** The request for these values: Cloud API fields only for Cloud API channels, blanks left out. */
export function createRequest(values: Values): Schemas["CreateChannelRequest"] {
  const request: Schemas["CreateChannelRequest"] = { name: values.name.trim(), kind: values.kind };
  if (values.kind !== "whatsapp_cloud") return request;
  const optional = (value: string) => (value.trim() ? value.trim() : null);
  return {
    ...request,
    phone_number_id: values.phone_number_id.trim(),
    access_token: values.access_token.trim(),
    app_secret: values.app_secret.trim(),
    verify_token: values.verify_token.trim(),
    waba_id: optional(values.waba_id),
    api_version: optional(values.api_version),
  };
}

export function AddChannelModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (channel: Channel) => void;
}) {
  const { t } = useTranslation("channels");
  const form = useForm<Values>({ initialValues: EMPTY });
  const create = useCreateChannel();
  const errors = fieldErrors(create.error);
  const cloud = form.values.kind === "whatsapp_cloud";
  function close() {
    form.reset();
    create.reset();
    onClose();
  }
  const submit = form.onSubmit((values) =>
    create.mutate(createRequest(values), {
      onSuccess: (channel) => {
        notifications.show({ color: "teal", message: t("form.created") });
        form.reset();
        onCreated(channel);
      },
    }),
  );
  return (
    <Modal opened={opened} onClose={close} title={t("form.title")} size="lg" centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={t("form.name")}
            placeholder={t("form.namePlaceholder")}
            required
            error={errors.name}
            data-autofocus
            {...form.getInputProps("name")}
          />
          <div>
            <Text size="sm" fw={500} mb={4} id="channel-kind-label">
              {t("form.kind")}
            </Text>
            <SegmentedControl
              aria-labelledby="channel-kind-label"
              fullWidth
              data={KINDS.map((kind) => ({ value: kind, label: t(`kind.${kind}`) }))}
              {...form.getInputProps("kind")}
            />
          </div>
          {cloud && (
            <>
              <TextInput
                label={t("form.phoneNumberId")}
                required
                error={errors.phone_number_id}
                {...form.getInputProps("phone_number_id")}
              />
              <PasswordInput
                label={t("form.accessToken")}
                required
                error={errors.access_token}
                {...form.getInputProps("access_token")}
              />
              <PasswordInput
                label={t("form.appSecret")}
                required
                error={errors.app_secret}
                {...form.getInputProps("app_secret")}
              />
              <TextInput
                label={t("form.verifyToken")}
                required
                error={errors.verify_token}
                {...form.getInputProps("verify_token")}
              />
              <Group grow>
                <TextInput label={t("form.wabaId")} error={errors.waba_id} {...form.getInputProps("waba_id")} />
                <TextInput
                  label={t("form.apiVersion")}
                  placeholder="v21.0"
                  error={errors.api_version}
                  {...form.getInputProps("api_version")}
                />
              </Group>
              <Text size="xs" c="dimmed">
                {t("form.secretsHint")}
              </Text>
            </>
          )}
          {create.isError && (
            <Alert color="red" variant="light" role="alert">
              {problemMessage(t, create.error)}
            </Alert>
          )}
          <FormActions submitLabel={t("form.submit")} onCancel={close} loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
