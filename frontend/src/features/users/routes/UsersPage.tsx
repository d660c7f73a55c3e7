import { Anchor, Badge, Button, Group, Paper, Select, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch, IconUserPlus } from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";

import { PageHeader } from "../../../components/PageHeader";
import { QueryState } from "../../../components/QueryState";
import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { settingsPath } from "../../../app/settings/tabs";
import { type RoleInfo, type UserFilters, type UserStatus, type UserView, useRoles, useUsers } from "../api";
import { useDepartmentOptions } from "../../departments/api";
import { CreateUserModal } from "../components/CreateUserModal";
import { AdminBadge, StatusBadge } from "../components/UserBadges";
import { matchingRole } from "../permissionSets";
import { localized } from "../../../lib/catalogue";

const STATUSES: UserStatus[] = ["active", "inactive"];
const MAX_DEPARTMENT_BADGES = 3;

function DepartmentBadges({ ids, names }: { ids: string[]; names: Map<string, string> }) {
  const { t } = useTranslation("users");
  if (ids.length === 0) return <Text c="dimmed">{t("list.noDepartments")}</Text>;
  const shown = ids.slice(0, MAX_DEPARTMENT_BADGES);
  const hidden = ids.slice(MAX_DEPARTMENT_BADGES).map((id) => names.get(id) ?? "…");
  return (
    <Group gap={4}>
      {shown.map((id) => (
        <Badge key={id} variant="outline" color="gray" tt="none" fw={500}>
          {names.get(id) ?? "…"}
        </Badge>
      ))}
      {hidden.length > 0 && (
        <Badge variant="outline" color="gray" title={hidden.join(", ")}>
          +{hidden.length}
        </Badge>
      )}
    </Group>
  );
}

function UserRow({
  user,
  departments,
  roles,
}: {
  user: UserView;
  departments: Map<string, string>;
  roles: RoleInfo[];
}) {
  const { t, i18n } = useTranslation("users");
  const role = matchingRole(roles, user.permissions);
  const navigate = useNavigate();
  return (
    <Table.Tr style={{ cursor: "pointer" }} onClick={() => navigate(settingsPath("users", user.id))}>
      <Table.Td>
        <Anchor
          component={Link}
          to={settingsPath("users", user.id)}
          fw={600}
          onClick={(event) => event.stopPropagation()}
        >
          {user.name}
        </Anchor>
        {user.full_name && user.full_name !== user.name && (
          <Text size="xs" c="dimmed">
            {user.full_name}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ wordBreak: "break-all" }}>
          {user.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={user.status} />
      </Table.Td>
      <Table.Td>
        {user.is_admin ? (
          <AdminBadge />
        ) : (
          <Text size="sm" c={role ? undefined : "dimmed"}>
            {role ? localized(role.name, i18n.language) : t("chat.custom")}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <DepartmentBadges ids={user.department_ids} names={departments} />
      </Table.Td>
    </Table.Tr>
  );
}

/** "Atendentes": search, filters, the list with "Carregar mais", and "Cadastrar usuário". */
export function UsersPage() {
  const { t } = useTranslation("users");
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [creating, setCreating] = useState(false);
  const status = STATUSES.find((value) => value === params.get("status"));
  const departmentId = params.get("department") ?? undefined;

  function setParam(name: string, value: string | null | undefined) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  }

  useEffect(() => {
    if ((params.get("q") ?? "") !== debouncedSearch) setParam("q", debouncedSearch);
    // Only the typed search is pushed to the address (debounced); filters are read from the address.
  }, [debouncedSearch]);

  const filters: UserFilters = { q: params.get("q") || undefined, status, department_id: departmentId };
  const filtered = Boolean(filters.q || filters.status || filters.department_id);
  const users = useUsers(filters);
  const departments = useDepartmentOptions();
  const roles = useRoles();
  const departmentNames = useMemo(
    () => new Map((departments.data ?? []).map((department) => [department.id, department.name])),
    [departments.data],
  );

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          can(me, "users.manage") && (
            <Button color="green" leftSection={<IconUserPlus size={18} />} onClick={() => setCreating(true)}>
              {t("create")}
            </Button>
          )
        }
      />
      <Group align="flex-end" mb="md" gap="sm" wrap="wrap">
        <TextInput
          label={t("list.search")}
          placeholder={t("list.searchPlaceholder")}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          type="search"
          w={340}
        />
        <Select
          label={t("list.status")}
          placeholder={t("list.allStatuses")}
          data={STATUSES.map((value) => ({ value, label: t(`status.${value}`) }))}
          value={status ?? null}
          onChange={(value) => setParam("status", value)}
          clearable
          w={200}
        />
        <Select
          label={t("list.department")}
          placeholder={t("list.allDepartments")}
          data={(departments.data ?? []).map((department) => ({ value: department.id, label: department.name }))}
          value={departmentId ?? null}
          onChange={(value) => setParam("department", value)}
          searchable
          clearable
          nothingFoundMessage={t("links.noDepartments")}
          w={260}
        />
        {filtered && (
          <Button
            variant="subtle"
            onClick={() => {
              setSearch("");
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t("list.clearFilters")}
          </Button>
        )}
      </Group>
      <Paper withBorder>
        <QueryState
          isPending={users.isPending}
          error={users.error}
          isEmpty={users.items.length === 0}
          empty={filtered ? t("list.emptyFiltered") : t("list.empty")}
          onRetry={() => void users.refetch()}
        >
          <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("columns.name")}</Table.Th>
                <Table.Th>{t("columns.email")}</Table.Th>
                <Table.Th w={110}>{t("columns.status")}</Table.Th>
                <Table.Th w={170}>{t("columns.role")}</Table.Th>
                <Table.Th>{t("columns.departments")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.items.map((user) => (
                <UserRow key={user.id} user={user} departments={departmentNames} roles={roles.data ?? []} />
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
      </Paper>
      {users.items.length > 0 && (
        <Group justify="space-between" mt="md">
          <Text size="sm" c="dimmed" aria-live="polite">
            {t("list.shown", { count: users.items.length })}
          </Text>
          {users.hasNextPage && (
            <Button variant="default" onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
              {t("common:actions.loadMore")}
            </Button>
          )}
        </Group>
      )}
      {creating && (
        <CreateUserModal
          onClose={() => setCreating(false)}
          onCreated={(user) => navigate(settingsPath("users", user.id))}
        />
      )}
    </>
  );
}
