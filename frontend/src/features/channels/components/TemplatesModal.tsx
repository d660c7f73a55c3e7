import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, TextInput } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import { QueryState } from "../../../components/QueryState";
import { notifyDone, notifyProblem } from "../../../lib/notify";
import { fieldErrors } from "../../../lib/problem";
import { type Channel, type MessageTemplate, useChannelTemplates, useSaveWabaId, useSyncTemplates } from "../api";

/** The WhatsApp Business Account id a sync needs, asked for when the channel has none. */
function WabaIdForm({ channel }: { channel: Channel }) {
  const { t } = useTranslation("channels");
  const save = useSaveWabaId();
  const [wabaId, setWabaId] = useState("");
  const [error, setError] = useState<string | undefined>();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(
          { id: channel.id, wabaId: wabaId.trim() },
          {
            onSuccess: () => notifyDone(t("templates.wabaSaved")),
            onError: (problem) => {
              setError(fieldErrors(problem).waba_id);
              if (!fieldErrors(problem).waba_id) notifyProblem(t, problem);
            },
          },
        );
      }}
    >
      <Alert variant="light" color="yellow">
        <Stack gap="xs">
          <Text size="sm">{t("templates.wabaMissing")}</Text>
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              label={t("form.wabaId")}
              value={wabaId}
              error={error}
              onChange={(event) => setWabaId(event.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button type="submit" loading={save.isPending} disabled={wabaId.trim() === ""}>
              {t("templates.saveWaba")}
            </Button>
          </Group>
        </Stack>
      </Alert>
    </form>
  );
}

function TemplateRows({ templates }: { templates: MessageTemplate[] }) {
  const { t } = useTranslation("channels");
  return (
    <Table striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t("templates.columns.name")}</Table.Th>
          <Table.Th>{t("templates.columns.language")}</Table.Th>
          <Table.Th>{t("templates.columns.category")}</Table.Th>
          <Table.Th>{t("templates.columns.parameters")}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {templates.map((template) => (
          <Table.Tr key={`${template.name}-${template.language}`}>
            <Table.Td>
              <Text size="sm" fw={500}>
                {template.name}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {template.body_text}
              </Text>
            </Table.Td>
            <Table.Td>{template.language}</Table.Td>
            <Table.Td>
              <Badge variant="light" size="sm">
                {template.category}
              </Badge>
            </Table.Td>
            <Table.Td>{template.parameter_count}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** "Modelos de mensagem" of a Cloud API channel: its approved templates, synced from Meta on demand (and daily). */
export function TemplatesModal({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const { t } = useTranslation("channels");
  const time = useCompanyTime();
  const sync = useSyncTemplates();
  const templates = useChannelTemplates(channel?.id ?? "", { enabled: channel !== null });
  const items = templates.data?.items ?? [];
  const hasWaba = Boolean(channel?.cloud?.waba_id);
  const syncedAt = items[0]?.synced_at;
  return (
    <Modal opened={channel !== null} onClose={onClose} title={t("templates.title", { name: channel?.name })} size="xl">
      {channel && (
        <Stack>
          <Text size="sm">{t("templates.explain")}</Text>
          {!hasWaba && <WabaIdForm channel={channel} />}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {syncedAt ? t("templates.syncedAt", { time: time.dateTime(syncedAt) }) : t("templates.neverSynced")}
            </Text>
            <Button
              leftSection={<IconRefresh size={16} />}
              loading={sync.isPending}
              disabled={!hasWaba}
              onClick={() =>
                sync.mutate(channel.id, {
                  onSuccess: (synced) =>
                    notifyDone(
                      t("templates.synced", {
                        count: synced.items.length,
                        approved: synced.items.filter((each) => each.status === "APPROVED").length,
                      }),
                    ),
                  onError: (error) => notifyProblem(t, error),
                })
              }
            >
              {t("templates.sync")}
            </Button>
          </Group>
          <QueryState
            isPending={templates.isPending}
            error={templates.error}
            isEmpty={items.length === 0}
            empty={t("templates.empty")}
          >
            <TemplateRows templates={items} />
          </QueryState>
        </Stack>
      )}
    </Modal>
  );
}
