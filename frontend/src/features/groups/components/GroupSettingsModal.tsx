import { Badge, Button, Divider, Group, Modal, ScrollArea, Select, Stack, Switch, Table, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconRefresh } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmModal } from "../../../components/ConfirmModal";
import { QueryState } from "../../../components/QueryState";
import { useDepartments } from "../../departments/api";
import { type Group as ImportedGroup, useGroup, useSyncGroup, useUnimportGroup, useUpdateGroup } from "../api";
import { notifyProblem } from "../../../lib/notify";

/** Settings of an imported group (department, muted, archived), its participants, sync and un-import. */
export function GroupSettingsModal({
  group,
  manages,
  onClose,
}: {
  group: ImportedGroup;
  manages: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation("groups");
  const detail = useGroup(group.id);
  const departments = useDepartments();
  const update = useUpdateGroup();
  const sync = useSyncGroup();
  const unimport = useUnimportGroup();
  const [confirming, setConfirming] = useState(false);
  const current = detail.data ?? { ...group, participants: [] };
  const failed = (error: unknown) => notifyProblem(t, error);
  const change = (body: Parameters<typeof update.mutate>[0]["body"]) =>
    update.mutate({ id: group.id, body }, { onError: failed });
  return (
    <Modal opened onClose={onClose} title={`${t("settings.title")}: ${group.subject}`} size="lg" centered>
      <Stack>
        <Select
          label={t("settings.department")}
          placeholder={t("noDepartment")}
          data={departments.items.map((department) => ({ value: department.id, label: department.name }))}
          value={current.department_id ?? null}
          onChange={(value) => change({ department_id: value })}
          clearable
          disabled={!manages || update.isPending}
        />
        <Switch
          label={t("settings.muted")}
          checked={current.muted}
          onChange={(event) => change({ muted: event.currentTarget.checked })}
          disabled={!manages || update.isPending}
        />
        <Switch
          label={t("settings.archived")}
          checked={current.archived}
          onChange={(event) => change({ archived: event.currentTarget.checked })}
          disabled={!manages || update.isPending}
        />
        <Divider />
        <Text fw={500}>{t("settings.participants", { count: current.participant_count })}</Text>
        <QueryState isPending={detail.isPending} error={detail.error}>
          <ScrollArea.Autosize mah={240} type="auto">
            <Table>
              <Table.Tbody>
                {current.participants.map((member) => (
                  <Table.Tr key={member.contact_id}>
                    <Table.Td ff="monospace">{member.phone}</Table.Td>
                    <Table.Td>{member.name ?? ""}</Table.Td>
                    <Table.Td w={110} ta="right">
                      {member.is_admin && <Badge variant="light">{t("settings.admin")}</Badge>}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        </QueryState>
        {manages && (
          <Group justify="space-between">
            <Button color="red" variant="subtle" onClick={() => setConfirming(true)}>
              {t("settings.unimport")}
            </Button>
            <Button
              variant="light"
              leftSection={<IconRefresh size={16} />}
              loading={sync.isPending}
              onClick={() =>
                sync.mutate(group.id, {
                  onSuccess: () => {
                    notifications.show({ color: "teal", message: t("settings.synced") });
                    void detail.refetch();
                  },
                  onError: failed,
                })
              }
            >
              {t("settings.sync")}
            </Button>
          </Group>
        )}
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t("settings.unimportTitle", { subject: group.subject })}
        message={t("settings.unimportMessage")}
        confirmLabel={t("settings.unimport")}
        loading={unimport.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() =>
          unimport.mutate(group.id, {
            onSuccess: () => {
              notifications.show({ color: "teal", message: t("settings.unimported") });
              onClose();
            },
            onError: failed,
          })
        }
      />
    </Modal>
  );
}
