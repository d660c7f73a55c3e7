import { Alert, Modal, Select, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { FormActions } from "../../../components/FormActions";
import { problemMessage } from "../../../lib/problem";
import { useDepartmentOptions } from "../../departments/api";
import { useActiveUserOptions } from "../../users/api";
import { type Conversation, useConversationAction } from "../api";

/** The longest note the server takes (its `MAX_TEXT_LENGTH`). */
const MAX_NOTE_CHARS = 4096;

/** "Transferir": to another attendant and/or another department's queue, with a note for whoever receives it. */
export function TransferModal({ conversation, onClose }: { conversation: Conversation | null; onClose: () => void }) {
  const { t } = useTranslation("chat");
  const { data: me } = useMe();
  const [userId, setUserId] = useState<string | null>(null);
  const [departmentId, setDepartmentId] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const act = useConversationAction(conversation?.id ?? "");
  const users = useActiveUserOptions(conversation !== null && can(me, "users.view", "users.manage"));
  const departments = useDepartmentOptions();
  const userChoices = (users.data ?? [])
    .filter((user) => user.id !== conversation?.assigned_to)
    .map((user) => ({ value: user.id, label: user.name }));
  const departmentChoices = (departments.data ?? []).map((department) => ({
    value: department.id,
    label: department.name,
  }));
  const close = () => {
    setUserId(null);
    setDepartmentId(null);
    setNote("");
    act.reset();
    onClose();
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const body = { action: "transfer" as const, user_id: userId, department_id: departmentId };
    act.mutate(note.trim() ? { ...body, note: note.trim() } : body, { onSuccess: close });
  };
  return (
    <Modal opened={conversation !== null} onClose={close} title={t("transfer.title")} centered>
      <form onSubmit={submit}>
        <Stack>
          <Text size="sm" c="dimmed">
            {t("transfer.explain")}
          </Text>
          {userChoices.length > 0 && (
            <Select
              label={t("transfer.user")}
              data={userChoices}
              value={userId}
              onChange={setUserId}
              searchable
              clearable
              data-autofocus
            />
          )}
          <Select
            label={t("transfer.department")}
            data={departmentChoices}
            value={departmentId}
            onChange={setDepartmentId}
            clearable
          />
          <Textarea
            label={t("transfer.note")}
            description={t("transfer.noteHint")}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            maxLength={MAX_NOTE_CHARS}
            autosize
            minRows={2}
            maxRows={6}
          />
          {act.isError && (
            <Alert color="red" variant="light" role="alert">
              {problemMessage(t, act.error)}
            </Alert>
          )}
          <FormActions
            submitLabel={t("transfer.submit")}
            onCancel={close}
            loading={act.isPending}
            disabled={!userId && !departmentId}
          />
        </Stack>
      </form>
    </Modal>
  );
}
