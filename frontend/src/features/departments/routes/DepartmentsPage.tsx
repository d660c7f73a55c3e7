import { Button, Group, Modal, Table, TextInput } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { PageHeader } from "../../../components/PageHeader";
import { RowActions } from "../../../components/RowActions";
import { useSaveDialog } from "../../../lib/useSaveDialog";
import { type Department, useCreateDepartment, useDeleteDepartment, useDepartments, useRenameDepartment } from "../api";
import { FormActions } from "../../../components/FormActions";
import { TableCard } from "../../../components/TableCard";

function CreateDepartment() {
  const { t } = useTranslation("departments");
  const [name, setName] = useState("");
  const save = useSaveDialog({
    create: useCreateDepartment(),
    saved: t("created"),
    onSaved: () => setName(""),
    fields: ["name"],
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.create(name.trim());
  }
  return (
    <form onSubmit={submit}>
      <Group align="flex-start" mb="md">
        <TextInput
          label={t("name")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={save.errors.name ?? save.problem}
          required
          w={320}
        />
        <Button type="submit" mt={25} leftSection={<IconPlus size={16} />} loading={save.isPending}>
          {t("add")}
        </Button>
      </Group>
    </form>
  );
}

function RenameModal({ department, onClose }: { department: Department | null; onClose: () => void }) {
  const { t } = useTranslation("departments");
  const [name, setName] = useState(department?.name ?? "");
  const save = useSaveDialog({ update: useRenameDepartment(), onSaved: onClose, fields: ["name"] });
  return (
    <Modal opened={department !== null} onClose={onClose} title={t("renameTitle")} centered>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (department) save.update({ id: department.id, name: name.trim() });
        }}
      >
        <TextInput
          label={t("name")}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={save.errors.name ?? save.problem}
          data-autofocus
          required
        />
        <FormActions onCancel={onClose} loading={save.isPending} />
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
