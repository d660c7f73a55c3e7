import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Stack,
  Table,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconList, IconSend, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { FormActions } from "../../../components/FormActions";
import { LoadMore } from "../../../components/LoadMore";
import { QueryState } from "../../../components/QueryState";
import { SectionHeader } from "../../../components/SectionHeader";
import { TableCard } from "../../../components/TableCard";
import { useCompanyTime } from "../../../app/companyTime";
import { notifyDone, notifyProblem } from "../../../lib/notify";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import {
  type Webhook,
  type WebhookDelivery,
  useCreateWebhook,
  useDeleteWebhook,
  useTestWebhook,
  useWebhookDeliveries,
  useWebhooks,
} from "../api";
import { WEBHOOK_EVENTS, type WebhookValues, webhookProblems, webhookRequest } from "../webhookForm";
import { SecretModal, useCreationWithSecret } from "../../../components/SecretModal";

function NewWebhookModal({ onClose, onCreated }: { onClose: () => void; onCreated: (secret: string) => void }) {
  const { t } = useTranslation("webhooks");
  const create = useCreateWebhook();
  const form = useForm<WebhookValues>({
    initialValues: { url: "", events: [], secret: "" },
    validate: (values) => {
      const problems = webhookProblems(values);
      return Object.fromEntries(Object.entries(problems).map(([field, key]) => [field, t(key)]));
    },
  });
  const errors = fieldErrors(create.error);
  const submit = form.onSubmit((values) =>
    create.mutate(webhookRequest(values), { onSuccess: (created) => onCreated(created.secret) }),
  );
  return (
    <Modal opened onClose={onClose} title={t("add")} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t("url")}
            placeholder="https://erp.example.com/blocopro"
            required
            data-autofocus
            {...form.getInputProps("url")}
            error={form.errors.url ?? errors.url}
          />
          <MultiSelect
            label={t("events")}
            description={t("eventsHint")}
            data={WEBHOOK_EVENTS.map((event) => ({ value: event, label: t(`eventNames.${event}`) }))}
            required
            {...form.getInputProps("events")}
            error={form.errors.events ?? errors.events}
          />
          <PasswordInput
            label={t("secret")}
            description={t("secretHint")}
            autoComplete="off"
            {...form.getInputProps("secret")}
            error={form.errors.secret ?? errors.secret}
          />
          {create.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" variant="light" role="alert">
              {problemMessage(t, create.error)}
            </Alert>
          )}
          <FormActions onCancel={onClose} loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

const STATUS_COLORS: Record<WebhookDelivery["status"], string> = {
  queued: "yellow",
  delivered: "teal",
  failed: "red",
};

function DeliveriesModal({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t } = useTranslation("webhooks");
  const { dateTime } = useCompanyTime();
  const deliveries = useWebhookDeliveries(webhook.id);
  return (
    <Modal opened onClose={onClose} title={t("deliveriesOf", { url: webhook.url })} size="xl" centered>
      <QueryState
        isPending={deliveries.isPending}
        error={deliveries.error}
        isEmpty={deliveries.items.length === 0}
        empty={t("noDeliveries")}
      >
        <Table verticalSpacing="xs" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("when")}</Table.Th>
              <Table.Th>{t("event")}</Table.Th>
              <Table.Th>{t("status")}</Table.Th>
              <Table.Th>{t("attempts")}</Table.Th>
              <Table.Th>{t("lastAnswer")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deliveries.items.map((delivery) => (
              <Table.Tr key={delivery.id}>
                <Table.Td>{dateTime(delivery.last_attempt_at ?? delivery.created_at)}</Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {delivery.event_type}
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLORS[delivery.status]} variant="light">
                    {t(`statuses.${delivery.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{delivery.attempts}</Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {[delivery.last_status, delivery.last_error].filter((part) => part != null).join(" · ") || "—"}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {deliveries.hasNextPage && (
          <Group justify="center" mt="sm">
            <Button
              variant="subtle"
              loading={deliveries.isFetchingNextPage}
              onClick={() => void deliveries.fetchNextPage()}
            >
              {t("more")}
            </Button>
          </Group>
        )}
      </QueryState>
    </Modal>
  );
}

/** The company's webhooks: where events go, which ones, their delivery logs; the secret is shown once. */
export function Webhooks() {
  const { t } = useTranslation("webhooks");
  const { dateTime } = useCompanyTime();
  const webhooks = useWebhooks();
  const remove = useDeleteWebhook();
  const test = useTestWebhook();
  const creation = useCreationWithSecret();
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [viewing, setViewing] = useState<Webhook | null>(null);
  const sendTest = (webhook: Webhook) =>
    test.mutate(webhook.id, {
      onSuccess: () => notifyDone(t("testQueued")),
      onError: (error) => notifyProblem(t, error),
    });
  return (
    <Stack>
      <SectionHeader intro={t("intro")} addLabel={t("add")} onAdd={creation.startAdding} />
      <TableCard
        isPending={webhooks.isPending}
        error={webhooks.error}
        isEmpty={webhooks.items.length === 0}
        empty={t("empty")}
        head={
          <>
            <Table.Th>{t("url")}</Table.Th>
            <Table.Th>{t("events")}</Table.Th>
            <Table.Th>{t("created")}</Table.Th>
            <Table.Th />
          </>
        }
        footer={<LoadMore list={webhooks} />}
      >
        {webhooks.items.map((webhook) => (
          <Table.Tr key={webhook.id}>
            <Table.Td fw={500} style={{ wordBreak: "break-all" }}>
              {webhook.url}
            </Table.Td>
            <Table.Td>
              <Group gap={4}>
                {webhook.events.map((event) => (
                  <Badge key={event} variant="light" color="gray" tt="none">
                    {t(`eventNames.${event}`)}
                  </Badge>
                ))}
              </Group>
            </Table.Td>
            <Table.Td>{dateTime(webhook.created_at)}</Table.Td>
            <Table.Td w={130}>
              <Group gap={4} wrap="nowrap">
                <Tooltip label={t("deliveries")}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t("deliveriesOf", { url: webhook.url })}
                    onClick={() => setViewing(webhook)}
                  >
                    <IconList size={18} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={t("test")}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t("testOf", { url: webhook.url })}
                    onClick={() => sendTest(webhook)}
                  >
                    <IconSend size={18} />
                  </ActionIcon>
                </Tooltip>
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={t("remove", { url: webhook.url })}
                  onClick={() => setDeleting(webhook)}
                >
                  <IconTrash size={18} />
                </ActionIcon>
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </TableCard>
      {creation.adding && <NewWebhookModal onClose={creation.cancelAdding} onCreated={creation.created} />}
      {creation.secret && (
        <SecretModal title={t("secretTitle")} secret={creation.secret} onClose={creation.dismissSecret} />
      )}
      {viewing && <DeliveriesModal webhook={viewing} onClose={() => setViewing(null)} />}
      <ConfirmDelete
        item={deleting}
        title={t("deleteTitle", { url: deleting?.url })}
        message={t("deleteMessage")}
        remove={remove}
        done={t("deleted")}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}
