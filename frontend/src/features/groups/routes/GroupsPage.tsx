import { Alert, Badge, Button, Group, Paper, SegmentedControl, Select, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDownload, IconPlus, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { PageHeader } from "../../../components/PageHeader";
import { LoadMore } from "../../../components/LoadMore";
import { QueryState } from "../../../components/QueryState";
import { useChannels } from "../../channels/api";
import { useDepartments } from "../../departments/api";
import { type Group as ImportedGroup, type GroupFilters, useGroups } from "../api";
import { CreateGroupModal } from "../components/CreateGroupModal";
import { GroupSettingsModal } from "../components/GroupSettingsModal";
import { ImportGroupsModal } from "../components/ImportGroupsModal";

type ArchivedFilter = "all" | "active" | "archived";
const ARCHIVED: Record<ArchivedFilter, boolean | undefined> = { all: undefined, active: false, archived: true };

function Filters({
  value,
  onChange,
}: {
  value: GroupFilters & { archivedFilter: ArchivedFilter };
  onChange: (next: typeof value) => void;
}) {
  const { t } = useTranslation("groups");
  const channels = useChannels();
  const departments = useDepartments();
  return (
    <Group mb="md" align="flex-end" wrap="wrap">
      <TextInput
        aria-label={t("filters.search")}
        placeholder={t("filters.search")}
        leftSection={<IconSearch size={16} />}
        value={value.q ?? ""}
        onChange={(event) => onChange({ ...value, q: event.currentTarget.value })}
        w={260}
      />
      <Select
        aria-label={t("filters.channel")}
        placeholder={t("filters.channel")}
        data={channels.items.filter((c) => c.capabilities.groups).map((c) => ({ value: c.id, label: c.name }))}
        value={value.channel_id ?? null}
        onChange={(channel) => onChange({ ...value, channel_id: channel ?? undefined })}
        clearable
        w={220}
      />
      <Select
        aria-label={t("filters.department")}
        placeholder={t("filters.department")}
        data={departments.items.map((d) => ({ value: d.id, label: d.name }))}
        value={value.department_id ?? null}
        onChange={(department) => onChange({ ...value, department_id: department ?? undefined })}
        clearable
        w={220}
      />
      <SegmentedControl
        aria-label={t("filters.state")}
        value={value.archivedFilter}
        onChange={(archived) => onChange({ ...value, archivedFilter: archived as ArchivedFilter })}
        data={(["all", "active", "archived"] as const).map((key) => ({ value: key, label: t(`filters.${key}`) }))}
      />
    </Group>
  );
}

function GroupsTable({ filters, onOpen }: { filters: GroupFilters; onOpen: (group: ImportedGroup) => void }) {
  const { t } = useTranslation("groups");
  const groups = useGroups(filters);
  const channels = useChannels();
  const departments = useDepartments();
  const channelName = new Map(channels.items.map((channel) => [channel.id, channel.name]));
  const departmentName = new Map(departments.items.map((department) => [department.id, department.name]));
  return (
    <QueryState
      isPending={groups.isPending}
      error={groups.error}
      isEmpty={groups.items.length === 0}
      empty={t("empty")}
      onRetry={() => void groups.refetch()}
    >
      <Table highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("columns.subject")}</Table.Th>
            <Table.Th>{t("columns.channel")}</Table.Th>
            <Table.Th>{t("columns.department")}</Table.Th>
            <Table.Th ta="right">{t("columns.participants")}</Table.Th>
            <Table.Th>{t("columns.state")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.items.map((group) => (
            <Table.Tr key={group.id} style={{ cursor: "pointer" }} onClick={() => onOpen(group)}>
              <Table.Td>
                <Text
                  component="button"
                  type="button"
                  fw={500}
                  size="sm"
                  style={{ background: "none", border: 0, padding: 0, cursor: "pointer", textAlign: "left" }}
                  onClick={() => onOpen(group)}
                >
                  {group.subject}
                </Text>
              </Table.Td>
              <Table.Td>{channelName.get(group.channel_id) ?? "—"}</Table.Td>
              <Table.Td>
                {group.department_id ? (departmentName.get(group.department_id) ?? "—") : t("noDepartment")}
              </Table.Td>
              <Table.Td ta="right">{group.participant_count}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {group.muted && (
                    <Badge color="gray" variant="light">
                      {t("badges.muted")}
                    </Badge>
                  )}
                  {group.archived && (
                    <Badge color="orange" variant="light">
                      {t("badges.archived")}
                    </Badge>
                  )}
                  {group.own_number_is_admin && (
                    <Badge color="teal" variant="light">
                      {t("badges.admin")}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <LoadMore list={groups} />
    </QueryState>
  );
}

/** "Grupos de WhatsApp": imported groups, their settings, importing and creating groups. */
export function GroupsPage() {
  const { t } = useTranslation("groups");
  const { data: me } = useMe();
  const [filters, setFilters] = useState<GroupFilters & { archivedFilter: ArchivedFilter }>({ archivedFilter: "all" });
  const [search] = useDebouncedValue(filters.q?.trim() || undefined, 300);
  const [importing, setImporting] = useState(false);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<ImportedGroup | null>(null);
  const enabled = me?.company.features.whatsapp_groups ?? true;
  const query: GroupFilters = {
    q: search,
    channel_id: filters.channel_id,
    department_id: filters.department_id,
    archived: ARCHIVED[filters.archivedFilter],
  };
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          enabled && (
            <>
              {can(me, "groups.manage") && (
                <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
                  {t("create")}
                </Button>
              )}
              {can(me, "groups.import") && (
                <Button color="green" leftSection={<IconDownload size={16} />} onClick={() => setImporting(true)}>
                  {t("import")}
                </Button>
              )}
            </>
          )
        }
      />
      {enabled ? (
        <>
          <Filters value={filters} onChange={setFilters} />
          <Paper withBorder>
            <GroupsTable filters={query} onOpen={setOpen} />
          </Paper>
        </>
      ) : (
        <Alert color="orange" variant="light" role="alert">
          {t("featureOff")}
        </Alert>
      )}
      <ImportGroupsModal opened={importing} onClose={() => setImporting(false)} />
      <CreateGroupModal opened={creating} onClose={() => setCreating(false)} />
      {open && <GroupSettingsModal group={open} manages={can(me, "groups.manage")} onClose={() => setOpen(null)} />}
    </>
  );
}
