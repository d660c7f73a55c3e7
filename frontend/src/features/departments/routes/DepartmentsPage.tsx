import { ActionIcon, Button, Group, Modal, Paper, Table, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { PageHeader } from "../../../components/PageHeader";
import { QueryState } from "../../../components/QueryState";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { type Department, useCreateDepartment, useDeleteDepartment, useDepartments, useRenameDepartment } from "../api";
import { FormActions } from "../../../components/FormActions";

function CreateDepartment() {
  const { t } = useTranslation("departments");
  const [name, setName] = useState("");
  const create = useCreateDepartment();
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate(name.trim(), {
      onSuccess: () => {
        setName("");
        notifications.show({ color: "teal", message: t("created") });
      },
    });
  }
  return (
    <form onSubmit={submit}>
      <Group align="flex-start" mb="md">
        <TextInput
          label={t("name")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={create.isError ? (fieldErrors(create.error).name ?? problemMessage(t, create.error)) : undefined}
          required
          w={320}
        />
        <Button type="submit" mt={25} leftSection={<IconPlus size={16} />} loading={create.isPending}>
          {t("add")}
        </Button>
      </Group>
    </form>
  );
}

function RenameModal({ department, onClose }: { department: Department | null; onClose: () => void }) {
  const { t } = useTranslation("departments");
  const [name, setName] = useState(department?.name ?? "");
  const rename = useRenameDepartment();
  return (
    <Modal opened={department !== null} onClose={onClose} title={t("renameTitle")} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (department) rename.mutate({ id: department.id, name: name.trim() }, { onSuccess: onClose });
        }}
      >
        <TextInput
          label={t("name")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={rename.isError ? (fieldErrors(rename.error).name ?? problemMessage(t, rename.error)) : undefined}
          data-autofocus
          required
        />
        <FormActions onCancel={onClose} loading={rename.isPending} />
      </form>
    </Modal>
  );
}

/** "Departamentos": list, create, rename, delete. */
export function DepartmentsPage() {
  const { t } = useTranslation("departments");
  const departments = useDepartments();
  const remove = useDeleteDepartment();
  const [renaming, setRenaming] = useState<Department | null>(null);
  const [deleting, setDeleting] = useState<Department | null>(null);
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <CreateDepartment />
      <Paper withBorder>
        <QueryState
          isPending={departments.isPending}
          error={departments.error}
          isEmpty={departments.items.length === 0}
          empty={t("empty")}
          onRetry={() => void departments.refetch()}
        >
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Tbody>
              {departments.items.map((department) => (
                <Table.Tr key={department.id}>
                  <Table.Td>{department.name}</Table.Td>
                  <Table.Td w={100}>
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        aria-label={`${t("rename")} ${department.name}`}
                        onClick={() => setRenaming(department)}
                      >
                        <IconPencil size={18} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`${t("common:actions.delete")} ${department.name}`}
                        onClick={() => setDeleting(department)}
                      >
                        <IconTrash size={18} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </QueryState>
      </Paper>
      {renaming && <RenameModal key={renaming.id} department={renaming} onClose={() => setRenaming(null)} />}
      <ConfirmDelete
        item={deleting}
        title={t("deleteTitle", { name: deleting?.name })}
        message={t("deleteMessage")}
        remove={remove}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
