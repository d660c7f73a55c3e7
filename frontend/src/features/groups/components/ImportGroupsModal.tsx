import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Progress,
  ScrollArea,
  Select,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconSearch } from "@tabler/icons-react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

import { QueryState } from "../../../components/QueryState";
import { problemMessage } from "../../../lib/problem";
import { useChannels } from "../../channels/api";
import { type GroupImport, useGroupImport, useImportGroups, useStartGroupImport } from "../api";
import { allSelected, matching, toggle, toggleAll, whyNoGroups } from "../selection";

function ChooseChannel({ onStarted }: { onStarted: (jobId: string) => void }) {
  const { t } = useTranslation("groups");
  const channels = useChannels();
  const start = useStartGroupImport();
  const [channelId, setChannelId] = useState<string | null>(null);
  // Every channel is listed; those that cannot give groups are shown disabled, with why.
  const reasons = new Map(channels.items.map((channel) => [channel.id, whyNoGroups(channel)]));
  const options = channels.items.map((channel) => ({
    value: channel.id,
    label: `${channel.name} — ${t(`channels:kind.${channel.kind}`)}`,
    disabled: reasons.get(channel.id) !== null,
  }));
  return (
    <Stack>
      <Select
        label={t("wizard.chooseChannel")}
        description={t("wizard.channelHint")}
        data={options}
        renderOption={({ option }) => {
          const reason = reasons.get(option.value);
          return (
            <div>
              <Text size="sm">{option.label}</Text>
              {reason && (
                <Text size="xs" c="dimmed">
                  {t(`wizard.${reason}`)}
                </Text>
              )}
            </div>
          );
        }}
        value={channelId}
        onChange={(value) => {
          setChannelId(value);
          start.reset();
        }}
        searchable
        data-autofocus
      />
      {start.isError && (
        <Alert color="orange" variant="light" role="alert">
          {problemMessage(t, start.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button
          disabled={!channelId}
          loading={start.isPending}
          onClick={() => channelId && start.mutate(channelId, { onSuccess: (job) => onStarted(job.id) })}
        >
          {t("wizard.ok")}
        </Button>
      </Group>
    </Stack>
  );
}

function Candidates({ job, onImported }: { job: GroupImport; onImported: () => void }) {
  const { t } = useTranslation("groups");
  const [search, setSearch] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const importGroups = useImportGroups();
  const shown = useMemo(() => matching(job.candidates, search), [job.candidates, search]);
  if (job.candidates.length === 0) return <Text c="dimmed">{t("wizard.none")}</Text>;
  const submit = () =>
    importGroups.mutate(
      { jobId: job.id, externalIds: [...selected] },
      {
        onSuccess: ({ groups }) => {
          notifications.show({ color: "teal", message: t("wizard.imported", { count: groups.length }) });
          onImported();
        },
      },
    );
  return (
    <Stack>
      <Group justify="space-between">
        <TextInput
          aria-label={t("wizard.search")}
          placeholder={t("wizard.search")}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={280}
        />
        <Checkbox
          label={t("wizard.selectAll")}
          checked={allSelected(selected, shown)}
          onChange={() => setSelected(toggleAll(selected, shown))}
        />
      </Group>
      <ScrollArea.Autosize mah={360} type="auto">
        <Stack gap={6} pr="sm">
          {shown.map((candidate) => (
            <Group key={candidate.external_id} justify="space-between" wrap="nowrap">
              <Checkbox
                label={candidate.subject}
                checked={candidate.already_imported || selected.has(candidate.external_id)}
                disabled={candidate.already_imported}
                onChange={() => setSelected(toggle(selected, candidate.external_id))}
              />
              <Group gap={6} wrap="nowrap">
                {candidate.already_imported && (
                  <Badge color="gray" variant="light">
                    {t("wizard.alreadyImported")}
                  </Badge>
                )}
                <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                  {t("wizard.participants", { count: candidate.participant_count })}
                </Text>
              </Group>
            </Group>
          ))}
        </Stack>
      </ScrollArea.Autosize>
      {importGroups.isError && (
        <Alert color="red" variant="light" role="alert">
          {problemMessage(t, importGroups.error)}
        </Alert>
      )}
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {t("wizard.selected", { count: selected.size })}
        </Text>
        <Button disabled={selected.size === 0} loading={importGroups.isPending} onClick={submit}>
          {t("wizard.submit")}
        </Button>
      </Group>
    </Stack>
  );
}

function ImportJob({ jobId, onImported, onBack }: { jobId: string; onImported: () => void; onBack: () => void }) {
  const { t } = useTranslation("groups");
  const job = useGroupImport(jobId);
  const data = job.data;
  return (
    <QueryState isPending={job.isPending} error={job.error}>
      {data?.status === "running" && (
        <Stack gap="xs" aria-live="polite">
          <Text>{t("wizard.listing")}</Text>
          <Progress value={data.progress.total ? (100 * data.progress.done) / data.progress.total : 5} animated />
          <Text size="sm" c="dimmed">
            {t("wizard.progress", { done: data.progress.done, count: data.progress.total })}
          </Text>
        </Stack>
      )}
      {data?.status === "failed" && (
        <Stack>
          <Alert color="red" variant="light" role="alert">
            {t("wizard.failed", { error: data.error ?? "" })}
          </Alert>
          <Button variant="default" onClick={onBack}>
            {t("wizard.back")}
          </Button>
        </Stack>
      )}
      {data?.status === "ready" && <Candidates job={data} onImported={onImported} />}
    </QueryState>
  );
}

/** "Importar grupos": choose a channel → pre-import with progress → tick groups → import them. */
export function ImportGroupsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("groups");
  const [jobId, setJobId] = useState<string | null>(null);
  const close = () => {
    setJobId(null);
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={t("import")} size="lg" centered>
      {jobId ? (
        <ImportJob jobId={jobId} onImported={close} onBack={() => setJobId(null)} />
      ) : (
        <ChooseChannel onStarted={setJobId} />
      )}
    </Modal>
  );
}
