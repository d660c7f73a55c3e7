import { Button, Group, MultiSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { QueryState } from "../../../components/QueryState";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { useChannelOptions } from "../../channels/api";
import { useCreateDepartment, useDepartmentOptions } from "../../departments/api";
import { type UserView, useSetChannels, useSetDepartments, useUserChannels } from "../api";
import { sameIds } from "../permissionSets";

interface Option {
  value: string;
  label: string;
}

interface LinkCardProps {
  title: string;
  hint: string;
  options: Option[];
  initial: string[];
  empty: string;
  canManage: boolean;
  saving: boolean;
  error: unknown;
  errorField: string;
  onSave: (ids: string[]) => void;
  /** Below the select, e.g. a way to create an option; `pick` adds one to the selection. */
  addon?: (pick: (id: string) => void) => ReactNode;
}

/** One multi-select saved on its own (the API replaces the whole list). */
function LinkCard({
  title,
  hint,
  options,
  initial,
  empty,
  canManage,
  saving,
  error,
  errorField,
  onSave,
  addon,
}: LinkCardProps) {
  const { t } = useTranslation("users");
  const [ids, setIds] = useState(initial);
  const changed = !sameIds(ids, initial);
  const message = error ? (fieldErrors(error)[errorField] ?? problemMessage(t, error)) : undefined;
  return (
    <Paper withBorder p="lg">
      <Stack gap="sm" h="100%">
        <div>
          <Title order={4}>{title}</Title>
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        </div>
        {options.length === 0 && initial.length === 0 ? (
          <Text c="dimmed" size="sm">
            {empty}
          </Text>
        ) : (
          <MultiSelect
            aria-label={title}
            placeholder={canManage ? t("links.pick") : undefined}
            data={options}
            value={ids}
            onChange={setIds}
            searchable
            clearable={canManage}
            readOnly={!canManage}
            nothingFoundMessage={empty}
            hidePickedOptions
            error={message}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {addon?.((id) => setIds((current) => (current.includes(id) ? current : [...current, id])))}
        {!canManage && ids.length === 0 && options.length > 0 && (
          <Text c="dimmed" size="sm">
            {t("links.noneLinked")}
          </Text>
        )}
        {canManage && (
          <Group justify="flex-end" mt="auto">
            <Button variant="default" disabled={!changed} onClick={() => setIds(initial)}>
              {t("personal.reset")}
            </Button>
            <Button disabled={!changed} loading={saving} onClick={() => onSave(ids)}>
              {t("common:actions.save")}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** "Novo departamento" where the attendant's departments are chosen: the new one is ticked for them (saved with
 * the others). */
function NewDepartment({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation("users");
  const create = useCreateDepartment();
  // Null while closed.
  const [name, setName] = useState<string | null>(null);
  const close = () => {
    setName(null);
    create.reset();
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate((name ?? "").trim(), {
      onSuccess: (department) => {
        onCreated(department.id);
        close();
        notifications.show({ color: "teal", message: t("departments:created") });
      },
    });
  }
  if (name === null) {
    return (
      <Group>
        <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} onClick={() => setName("")}>
          {t("links.newDepartment")}
        </Button>
      </Group>
    );
  }
  return (
    <form onSubmit={submit}>
      <Group align="flex-start" gap="xs" wrap="nowrap">
        <TextInput
          aria-label={t("links.newDepartmentName")}
          placeholder={t("links.newDepartmentName")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={create.isError ? (fieldErrors(create.error).name ?? problemMessage(t, create.error)) : undefined}
          required
          autoFocus
          style={{ flex: 1 }}
        />
        <Button type="submit" loading={create.isPending}>
          {t("links.createDepartment")}
        </Button>
        <Button variant="default" onClick={close}>
          {t("common:actions.cancel")}
        </Button>
      </Group>
    </form>
  );
}

/** "Canais e departamentos": the channels the attendant works on and their departments. */
export function ChannelsDepartmentsTab({ user, canManage }: { user: UserView; canManage: boolean }) {
  const { t } = useTranslation("users");
  const { data: me } = useMe();
  const canCreateDepartments = canManage && can(me, "departments.manage");
  const channels = useChannelOptions();
  const departments = useDepartmentOptions();
  const linked = useUserChannels(user.id);
  const setChannels = useSetChannels(user.id);
  const setDepartments = useSetDepartments(user.id);

  const channelOptions: Option[] = (channels.data ?? []).map((channel) => ({
    value: channel.id,
    label: channel.phone_number ? `${channel.name} (${channel.phone_number})` : channel.name,
  }));
  // The channel list shows only what the viewer may see; the user's other channels keep a placeholder label.
  for (const id of linked.data?.channel_ids ?? []) {
    if (!channelOptions.some((option) => option.value === id))
      channelOptions.push({ value: id, label: t("links.hiddenChannel", { id: id.slice(-6) }) });
  }
  const departmentOptions: Option[] = (departments.data ?? []).map((department) => ({
    value: department.id,
    label: department.name,
  }));

  return (
    <SimpleGrid cols={2} spacing="md" maw={1100}>
      <QueryState
        isPending={channels.isPending || linked.isPending}
        error={channels.error ?? linked.error}
        onRetry={() => {
          void channels.refetch();
          void linked.refetch();
        }}
      >
        {linked.data && (
          <LinkCard
            key={linked.data.channel_ids.join()}
            title={t("links.channels")}
            hint={t("links.channelsHint")}
            options={channelOptions}
            initial={linked.data.channel_ids}
            empty={t("links.noChannels")}
            canManage={canManage}
            saving={setChannels.isPending}
            error={setChannels.error}
            errorField="channel_ids"
            onSave={(ids) =>
              setChannels.mutate(ids, {
                onSuccess: () => notifications.show({ color: "teal", message: t("links.channelsSaved") }),
              })
            }
          />
        )}
      </QueryState>
      <QueryState
        isPending={departments.isPending}
        error={departments.error}
        onRetry={() => void departments.refetch()}
      >
        <LinkCard
          key={user.department_ids.join()}
          title={t("links.departments")}
          hint={t("links.departmentsHint")}
          options={departmentOptions}
          initial={user.department_ids}
          empty={t("links.noDepartments")}
          canManage={canManage}
          saving={setDepartments.isPending}
          error={setDepartments.error}
          errorField="department_ids"
          onSave={(ids) =>
            setDepartments.mutate(ids, {
              onSuccess: () => notifications.show({ color: "teal", message: t("links.departmentsSaved") }),
            })
          }
          addon={canCreateDepartments ? (pick) => <NewDepartment onCreated={pick} /> : undefined}
        />
      </QueryState>
    </SimpleGrid>
  );
}
