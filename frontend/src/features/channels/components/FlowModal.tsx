import {
  ActionIcon,
  Alert,
  Button,
  Code,
  Group,
  Loader,
  Modal,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { FormActions } from "../../../components/FormActions";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { useDepartments } from "../../departments/api";
import { type Channel, useFlow, useSaveFlow } from "../api";
import { type Flow, type FlowValues, MAX_OPTIONS, flowRequest, flowValues, menuPreview } from "../flow";

function FlowForm({ channel, flow, onClose }: { channel: Channel; flow: Flow; onClose: () => void }) {
  const { t } = useTranslation("channels");
  const form = useForm<FlowValues>({ initialValues: flowValues(flow) });
  const save = useSaveFlow(channel.id);
  const departments = useDepartments();
  const errors = fieldErrors(save.error);
  const choices = departments.items.map((department) => ({ value: department.id, label: department.name }));
  const submit = form.onSubmit((values) =>
    save.mutate(flowRequest(values), {
      onSuccess: () => {
        notifications.show({ color: "teal", message: t("flow.saved") });
        onClose();
      },
    }),
  );
  const options = form.values.options;
  return (
    <form onSubmit={submit}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t("flow.explain")}
        </Text>
        <Switch label={t("flow.enabled")} {...form.getInputProps("enabled", { type: "checkbox" })} />
        <Textarea
          label={t("flow.greeting")}
          placeholder={t("flow.greetingPlaceholder")}
          autosize
          minRows={2}
          error={errors.greeting}
          data-autofocus
          {...form.getInputProps("greeting")}
        />
        {choices.length === 0 && !departments.isPending && (
          <Alert color="yellow" variant="light">
            {t("flow.noDepartments")}
          </Alert>
        )}
        {options.map((_, index) => (
          <Group key={index} align="flex-end" wrap="nowrap">
            <TextInput
              label={t("flow.option", { number: index + 1 })}
              placeholder={t("flow.label")}
              style={{ flex: 1 }}
              {...form.getInputProps(`options.${index}.label`)}
            />
            <Select
              label={t("flow.department")}
              data={choices}
              style={{ flex: 1 }}
              {...form.getInputProps(`options.${index}.department_id`)}
            />
            <ActionIcon
              variant="subtle"
              color="red"
              mb={4}
              aria-label={t("flow.removeOption", { number: index + 1 })}
              onClick={() => form.removeListItem("options", index)}
            >
              <IconTrash size={18} />
            </ActionIcon>
          </Group>
        ))}
        {errors.options && (
          <Text size="sm" c="red">
            {errors.options}
          </Text>
        )}
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={16} />}
            disabled={options.length >= MAX_OPTIONS}
            onClick={() => form.insertListItem("options", { label: "", department_id: null })}
          >
            {t("flow.addOption")}
          </Button>
        </Group>
        <Textarea
          label={t("flow.retryText")}
          autosize
          minRows={1}
          error={errors.retry_text}
          {...form.getInputProps("retry_text")}
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t("flow.preview")}
          </Text>
          <Code block>{menuPreview(form.values)}</Code>
        </div>
        {save.isError && (
          <Alert color="red" variant="light" role="alert">
            {problemMessage(t, save.error)}
          </Alert>
        )}
        <FormActions onCancel={onClose} loading={save.isPending} />
      </Stack>
    </form>
  );
}

/** "Fluxo de atendimento": the greeting menu of a channel, whose options route to departments. */
export function FlowModal({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const { t } = useTranslation("channels");
  const flow = useFlow(channel?.id ?? null);
  return (
    <Modal
      opened={channel !== null}
      onClose={onClose}
      title={t("flow.title", { name: channel?.name })}
      size="lg"
      centered
    >
      {flow.isError && (
        <Alert color="red" variant="light" role="alert">
          {problemMessage(t, flow.error)}
        </Alert>
      )}
      {channel && flow.data && <FlowForm key={channel.id} channel={channel} flow={flow.data} onClose={onClose} />}
      {flow.isPending && channel && <Loader m="md" />}
    </Modal>
  );
}
