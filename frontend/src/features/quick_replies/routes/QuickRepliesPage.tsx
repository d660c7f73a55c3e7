import { Button, Group, Modal, Stack, Table, Text, TextInput, Textarea, Title, SegmentedControl } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { FormActions } from "../../../components/FormActions";
import { PageHeader } from "../../../components/PageHeader";
import { RowActions } from "../../../components/RowActions";
import { TableCard } from "../../../components/TableCard";
import { useSaveDialog } from "../../../lib/useSaveDialog";
import {
  type QuickReply,
  type QuickReplyScope,
  useCreateQuickReply,
  useDeleteQuickReply,
  useQuickReplies,
  useUpdateQuickReply,
} from "../api";
import { VARIABLES } from "../variables";

/** The reply being written: a new one of a scope, or one being changed. */
type Editing = { scope: QuickReplyScope; reply?: QuickReply };

/** Buttons that put a `{{variable}}` at the end of the text. */
function VariableButtons({ onInsert }: { onInsert: (placeholder: string) => void }) {
  const { t } = useTranslation("quickReplies");
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {t("variables")}
      </Text>
      <Group gap={6}>
        {VARIABLES.map((variable) => (
          <Button
            key={variable}
            size="compact-xs"
            variant="light"
            title={t(`variable.${variable}`)}
            aria-label={t("insertVariable", { variable: t(`variable.${variable}`) })}
            onClick={() => onInsert(`{{${variable}}}`)}
          >
            {`{{${variable}}}`}
          </Button>
        ))}
      </Group>
    </Stack>
  );
}

function ReplyForm({ editing, canManage, onClose }: { editing: Editing; canManage: boolean; onClose: () => void }) {
  const { t } = useTranslation("quickReplies");
  const [scope, setScope] = useState<QuickReplyScope>(editing.scope);
  const [shortcut, setShortcut] = useState(editing.reply?.shortcut ?? "");
  const [text, setText] = useState(editing.reply?.text ?? "");
  const save = useSaveDialog({
    create: useCreateQuickReply(),
    update: useUpdateQuickReply(),
    saved: t("saved"),
    onSaved: onClose,
    conflict: "conflict",
    fields: ["shortcut", "text"],
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { shortcut: shortcut.trim(), text };
    if (editing.reply) save.update({ reply: editing.reply, body });
    else save.create({ scope, body });
  };
  return (
    <Modal opened onClose={onClose} title={editing.reply ? t("editTitle") : t("addTitle")} centered size="lg">
      <form onSubmit={submit}>
        <Stack>
          {!editing.reply && canManage && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t("scope")}
              </Text>
              <SegmentedControl
                value={scope}
                onChange={(value) => setScope(value as QuickReplyScope)}
                data={[
                  { value: "company", label: t("scopes.company") },
                  { value: "personal", label: t("scopes.personal") },
                ]}
              />
            </Stack>
          )}
          <TextInput
            label={t("shortcut")}
            description={t("shortcutHint", { example: shortcut.trim().replace(/^\//, "") || "saudacao" })}
            value={shortcut}
            onChange={(event) => setShortcut(event.currentTarget.value)}
            error={save.taken ? t("duplicate") : save.errors.shortcut}
            leftSection="/"
            data-autofocus
            required
          />
          <Textarea
            label={t("text")}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            error={save.errors.text}
            autosize
            minRows={3}
            maxRows={10}
            required
          />
          <VariableButtons onInsert={(placeholder) => setText((before) => `${before}${placeholder}`)} />
          <FormActions onCancel={onClose} loading={save.isPending} problem={save.problem} />
        </Stack>
      </form>
    </Modal>
  );
}

function ReplyTable({
  replies,
  editable,
  isPending,
  error,
  onEdit,
  onDelete,
}: {
  replies: QuickReply[];
  editable: boolean;
  isPending: boolean;
  error: Error | null;
  onEdit: (reply: QuickReply) => void;
  onDelete: (reply: QuickReply) => void;
}) {
  const { t } = useTranslation("quickReplies");
  return (
    <TableCard
      isPending={isPending}
      error={error}
      isEmpty={replies.length === 0}
      empty={t("empty")}
      head={
        <>
          <Table.Th w={180}>{t("shortcut")}</Table.Th>
          <Table.Th>{t("text")}</Table.Th>
          {editable && <Table.Th w={100} />}
        </>
      }
    >
      {replies.map((reply) => (
        <Table.Tr key={reply.id}>
          <Table.Td>
            <Text fw={600} c="teal.8">
              /{reply.shortcut}
            </Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm" lineClamp={3} style={{ whiteSpace: "pre-wrap" }}>
              {reply.text}
            </Text>
          </Table.Td>
          {editable && (
            <Table.Td>
              <RowActions name={`/${reply.shortcut}`} onEdit={() => onEdit(reply)} onDelete={() => onDelete(reply)} />
            </Table.Td>
          )}
        </Table.Tr>
      ))}
    </TableCard>
  );
}

/** Configurações › Respostas rápidas: the company's replies (managed with `quick_replies.manage`) and my own. */
export function QuickRepliesPage() {
  const { t } = useTranslation("quickReplies");
  const { data: me } = useMe();
  const canManage = can(me, "quick_replies.manage");
  const listed = useQuickReplies();
  const items = listed.data?.items ?? [];
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<QuickReply | null>(null);
  const removeCompany = useDeleteQuickReply("company");
  const removeMine = useDeleteQuickReply("personal");
  const section = (scope: QuickReplyScope, editable: boolean) => (
    <Stack gap="xs">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={4}>{t(`${scope}.title`)}</Title>
          <Text size="sm" c="dimmed">
            {editable ? t(`${scope}.hint`) : t("company.readOnly")}
          </Text>
        </div>
        {editable && (
          <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing({ scope })}>
            {t("add")}
          </Button>
        )}
      </Group>
      <ReplyTable
        replies={items.filter((reply) => reply.scope === scope)}
        editable={editable}
        isPending={listed.isPending}
        error={listed.error}
        onEdit={(reply) => setEditing({ scope, reply })}
        onDelete={setDeleting}
      />
    </Stack>
  );
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Stack gap="xl">
        {section("company", canManage)}
        {section("personal", true)}
      </Stack>
      {editing && (
        <ReplyForm
          key={editing.reply?.id ?? editing.scope}
          editing={editing}
          canManage={canManage}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDelete
        item={deleting}
        title={t("deleteTitle", { shortcut: deleting?.shortcut })}
        message={t("deleteMessage")}
        remove={deleting?.scope === "company" ? removeCompany : removeMine}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
