import { ActionIcon, Group } from "@mantine/core";
import { IconPencil, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

interface Props {
  /** Names the row for screen readers: "Editar Financeiro", "Excluir Financeiro". */
  name: string;
  editLabel?: string;
  onEdit: () => void;
  onDelete: () => void;
}

/** The pencil and the bin at the end of a table row. */
export function RowActions({ name, editLabel, onEdit, onDelete }: Props) {
  const { t } = useTranslation();
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <ActionIcon variant="subtle" aria-label={`${editLabel ?? t("actions.edit")} ${name}`} onClick={onEdit}>
        <IconPencil size={18} />
      </ActionIcon>
      <ActionIcon variant="subtle" color="red" aria-label={`${t("actions.delete")} ${name}`} onClick={onDelete}>
        <IconTrash size={18} />
      </ActionIcon>
    </Group>
  );
}
