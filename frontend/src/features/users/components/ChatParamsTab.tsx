import {
  Alert,
  Button,
  Checkbox,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { QueryState } from "../../../components/QueryState";
import { problemMessage } from "../../../lib/problem";
import {
  type Permission,
  type PermissionInfo,
  type RoleInfo,
  type UserView,
  type Visibility,
  usePermissionCatalogue,
  useRoles,
  useSetPermissions,
  useUpdateUser,
} from "../api";
import { matchingRole, sameKeys } from "../permissionSets";
import { localized } from "../../../lib/catalogue";

const VISIBILITIES: Visibility[] = ["own", "departments", "all"];
const CUSTOM = "custom";

interface KeyListProps {
  title: string;
  hint: string;
  items: PermissionInfo[];
  selected: Permission[];
  onChange: (keys: Permission[]) => void;
  disabled: (key: Permission) => string | boolean;
}

function KeyList({ title, hint, items, selected, onChange, disabled }: KeyListProps) {
  const { i18n } = useTranslation("users");
  return (
    <Paper withBorder p="lg">
      <Checkbox.Group
        label={<Title order={4}>{title}</Title>}
        description={hint}
        value={selected}
        onChange={(keys) => onChange(keys as Permission[])}
      >
        <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs" mt="md">
          {items.map((item) => {
            const reason = disabled(item.key);
            // The key is for integrators and support: on hover, not under every box.
            const hint = (
              <>
                {typeof reason === "string" && <div>{reason}</div>}
                <Text ff="monospace" size="xs">
                  {item.key}
                </Text>
              </>
            );
            return (
              <Tooltip key={item.key} label={hint} position="top-start" withArrow openDelay={300}>
                <div>
                  <Checkbox
                    value={item.key}
                    label={localized(item.description, i18n.language)}
                    disabled={reason !== false}
                  />
                </div>
              </Tooltip>
            );
          })}
        </SimpleGrid>
      </Checkbox.Group>
    </Paper>
  );
}

function ChatParamsForm({
  user,
  canManage,
  catalogue,
  roles,
}: {
  user: UserView;
  canManage: boolean;
  catalogue: PermissionInfo[];
  roles: RoleInfo[];
}) {
  const { t, i18n } = useTranslation("users");
  const { data: me } = useMe();
  // Administrators hold every key whatever is stored; their keys are shown as such and not edited here.
  const stored = user.is_admin ? catalogue.map((item) => item.key) : user.permissions;
  const [keys, setKeys] = useState<Permission[]>(stored);
  const [visibility, setVisibility] = useState<Visibility>(user.visibility);
  const [chosenRole, setChosenRole] = useState<string | null>(null);
  const setPermissions = useSetPermissions(user.id);
  const update = useUpdateUser(user.id);
  const role = chosenRole ?? matchingRole(roles, keys)?.key ?? CUSTOM;
  const chosen = roles.find((item) => item.key === role);
  const readOnly = !canManage;
  const saving = setPermissions.isPending || update.isPending;
  const error = setPermissions.error ?? update.error;

  /** A key the editor does not hold cannot be granted (the server refuses); one already granted may be removed. */
  function disabled(key: Permission): string | boolean {
    if (readOnly || user.is_admin) return true;
    if (!keys.includes(key) && !can(me, key)) return t("chat.notHeld");
    return false;
  }

  function changeKeys(next: Permission[]) {
    setKeys(next);
    setChosenRole(null);
  }

  function chooseRole(value: string | null) {
    const preset = roles.find((item) => item.key === value);
    if (!preset) return;
    setChosenRole(preset.key);
    // Keys the editor could not grant stay as they were.
    setKeys(preset.permissions.filter((key) => can(me, key) || user.permissions.includes(key)));
  }

  async function save() {
    setPermissions.reset();
    update.reset();
    const changedKeys = !user.is_admin && !sameKeys(keys, user.permissions);
    const changedVisibility = visibility !== user.visibility;
    if (!changedKeys && !changedVisibility) {
      notifications.show({ color: "gray", message: t("personal.noChanges") });
      return;
    }
    try {
      if (changedVisibility) await update.mutateAsync({ visibility });
      if (changedKeys) await setPermissions.mutateAsync(keys);
      notifications.show({ color: "teal", message: t("chat.saved") });
    } catch {
      // Shown below from the mutation's error.
    }
  }

  const chatActions = catalogue.filter((item) => item.chat_action);
  const others = catalogue.filter((item) => !item.chat_action);

  return (
    <Stack gap="md" maw={960}>
      {user.is_admin && (
        <Alert color="violet" variant="light">
          {t("chat.adminNotice")}
        </Alert>
      )}
      <Paper withBorder p="lg">
        <SimpleGrid cols={2} spacing="xl">
          <Select
            label={t("chat.role")}
            description={readOnly || user.is_admin ? undefined : t("chat.roleHint")}
            data={[
              ...roles.map((item) => ({ value: item.key, label: localized(item.name, i18n.language) })),
              { value: CUSTOM, label: t("chat.custom"), disabled: true },
            ]}
            value={role}
            onChange={chooseRole}
            allowDeselect={false}
            readOnly={readOnly || user.is_admin}
          />
          <Radio.Group
            label={t("chat.visibility")}
            description={t("chat.visibilityHint")}
            value={visibility}
            onChange={(value) => setVisibility(value as Visibility)}
          >
            <Stack gap="xs" mt="xs">
              {VISIBILITIES.map((value) => (
                <Radio
                  key={value}
                  value={value}
                  label={t(`chat.visibilities.${value}`)}
                  description={t(`chat.visibilities.${value}Hint`)}
                  disabled={readOnly}
                />
              ))}
            </Stack>
          </Radio.Group>
        </SimpleGrid>
        {chosen?.is_admin && !user.is_admin && (
          <Alert color="orange" variant="light" mt="md">
            {t("chat.adminRoleNotice")}
          </Alert>
        )}
      </Paper>
      <KeyList
        title={t("chat.chatActions")}
        hint={t("chat.chatActionsHint")}
        items={chatActions}
        selected={keys.filter((key) => chatActions.some((item) => item.key === key))}
        onChange={(selected) =>
          changeKeys([...keys.filter((key) => !chatActions.some((item) => item.key === key)), ...selected])
        }
        disabled={disabled}
      />
      <KeyList
        title={t("chat.otherPermissions")}
        hint={t("chat.otherPermissionsHint")}
        items={others}
        selected={keys.filter((key) => others.some((item) => item.key === key))}
        onChange={(selected) =>
          changeKeys([...keys.filter((key) => !others.some((item) => item.key === key)), ...selected])
        }
        disabled={disabled}
      />
      {error && (
        <Alert color="red" variant="light" role="alert">
          {problemMessage(t, error)}
        </Alert>
      )}
      {canManage && (
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              setKeys(stored);
              setVisibility(user.visibility);
              setChosenRole(null);
            }}
            disabled={sameKeys(keys, stored) && visibility === user.visibility}
          >
            {t("personal.reset")}
          </Button>
          <Button onClick={() => void save()} loading={saving}>
            {t("common:actions.save")}
          </Button>
        </Group>
      )}
      {!canManage && keys.length === 0 && (
        <Text c="dimmed" size="sm">
          {t("chat.none")}
        </Text>
      )}
    </Stack>
  );
}

/** "Parâmetros de chat": role preset, visibility scope, conversation-management actions and the other keys. */
export function ChatParamsTab({ user, canManage }: { user: UserView; canManage: boolean }) {
  const catalogue = usePermissionCatalogue();
  const roles = useRoles();
  return (
    <QueryState
      isPending={catalogue.isPending || roles.isPending}
      error={catalogue.error ?? roles.error}
      onRetry={() => {
        void catalogue.refetch();
        void roles.refetch();
      }}
    >
      {catalogue.data && roles.data && (
        <ChatParamsForm user={user} canManage={canManage} catalogue={catalogue.data} roles={roles.data} />
      )}
    </QueryState>
  );
}
