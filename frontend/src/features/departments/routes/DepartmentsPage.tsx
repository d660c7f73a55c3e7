import { Button, Group, Modal, Table, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { PageHeader } from "../../../components/PageHeader";
import { RowActions } from "../../../components/RowActions";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { type Department, useCreateDepartment, useDeleteDepartment, useDepartments, useRenameDepartment } from "../api";
import { FormActions } from "../../../components/FormActions";
import { TableCard } from "../../../components/TableCard";

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
      <TableCard
        isPending={departments.isPending}
        error={departments.error}
        isEmpty={departments.items.length === 0}
        empty={t("empty")}
        onRetry={() => void departments.refetch()}
        tableProps={{ highlightOnHover: true }}
      >
        {departments.items.map((department) => (
          <Table.Tr key={department.id}>
            <Table.Td>{department.name}</Table.Td>
            <Table.Td w={100}>
              <RowActions
                name={department.name}
                editLabel={t("rename")}
                onEdit={() => setRenaming(department)}
                onDelete={() => setDeleting(department)}
              />
            </Table.Td>
          </Table.Tr>
        ))}
      </TableCard>
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
