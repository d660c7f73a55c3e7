import {
  Alert,
  Badge,
  Button,
  ColorSwatch,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { IconCheck, IconPlus } from "@tabler/icons-react";
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
import { type Label, useCreateLabel, useDeleteLabel, useLabels, useUpdateLabel } from "../api";
import { PALETTE, cssColour, isPaletteColour } from "../palette";

/** The palette as swatches to click, and a field for any other `#rrggbb`. */
function ColourPicker({
  value,
  error,
  onChange,
}: {
  value: string;
  error?: string;
  onChange: (colour: string) => void;
}) {
  const { t } = useTranslation("labels");
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        {t("colour")}
      </Text>
      <SimpleGrid cols={7} spacing={6} w={260}>
        {PALETTE.map((colour) => (
          <Tooltip key={colour} label={t(`colours.${colour}`)} withArrow>
            <ColorSwatch
              component="button"
              type="button"
              color={cssColour(colour)}
              aria-label={t(`colours.${colour}`)}
              aria-pressed={value === colour}
              onClick={() => onChange(colour)}
              style={{ cursor: "pointer", color: "white" }}
            >
              {value === colour && <IconCheck size={14} />}
            </ColorSwatch>
          </Tooltip>
        ))}
      </SimpleGrid>
      <TextInput
        label={t("customColour")}
        placeholder="#1a7f64"
        value={isPaletteColour(value) ? "" : value}
        onChange={(event) => onChange(event.currentTarget.value.trim())}
        error={error}
        w={260}
        leftSection={isPaletteColour(value) || !value ? undefined : <ColorSwatch color={value} size={16} />}
      />
    </Stack>
  );
}

function LabelForm({ label, onClose }: { label?: Label; onClose: () => void }) {
  const { t } = useTranslation("labels");
  const [name, setName] = useState(label?.name ?? "");
  const [colour, setColour] = useState(label?.colour ?? "blue");
  const save = useSaveDialog({
    create: useCreateLabel(),
    update: useUpdateLabel(),
    saved: t("saved"),
    onSaved: onClose,
    conflict: "label_name_taken",
    fields: ["name", "colour"],
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { name: name.trim(), colour };
    if (label) save.update({ id: label.id, body });
    else save.create(body);
  };
  return (
    <Modal opened onClose={onClose} title={label ? t("editTitle") : t("addTitle")} centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={t("name")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={save.taken ? t("duplicate") : save.errors.name}
            maxLength={40}
            data-autofocus
            required
          />
          <ColourPicker value={colour} error={save.errors.colour} onChange={setColour} />
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t("preview")}
            </Text>
            <Badge color={colour || "gray"} variant="light" radius="sm" tt="none">
              {name.trim() || t("name")}
            </Badge>
          </Group>
          <FormActions onCancel={onClose} loading={save.isPending} problem={save.problem} />
        </Stack>
      </form>
    </Modal>
  );
}

/** The label being written: a new one (`{}`), or one being changed. */
type Editing = { label?: Label };

/** Configurações › Etiquetas: the company's labels, created, renamed, recoloured and deleted with `labels.manage`. */
export function LabelsPage() {
  const { t } = useTranslation("labels");
  const { data: me } = useMe();
  const canManage = can(me, "labels.manage");
  const labels = useLabels();
  const items = labels.data?.items ?? [];
  const remove = useDeleteLabel();
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<Label | null>(null);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          canManage && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({})}>
              {t("add")}
            </Button>
          )
        }
      />
      {!canManage && (
        <Alert variant="light" color="gray" mb="md">
          {t("readOnly")}
        </Alert>
      )}
      <TableCard
        isPending={labels.isPending}
        error={labels.error}
        isEmpty={items.length === 0}
        empty={t("empty")}
        onRetry={() => void labels.refetch()}
        head={
          <>
            <Table.Th>{t("name")}</Table.Th>
            <Table.Th w={200}>{t("colour")}</Table.Th>
            {canManage && <Table.Th w={100} />}
          </>
        }
      >
        {items.map((label) => (
          <Table.Tr key={label.id}>
            <Table.Td>
              <Badge color={label.colour} variant="light" radius="sm" tt="none" size="lg">
                {label.name}
              </Badge>
            </Table.Td>
            <Table.Td>
              <Group gap={6}>
                <ColorSwatch color={cssColour(label.colour)} size={16} />
                <Text size="sm">{isPaletteColour(label.colour) ? t(`colours.${label.colour}`) : label.colour}</Text>
              </Group>
            </Table.Td>
            {canManage && (
              <Table.Td>
                <RowActions
                  name={label.name}
                  editLabel={t("edit")}
                  onEdit={() => setEditing({ label })}
                  onDelete={() => setDeleting(label)}
                />
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </TableCard>
      {editing && <LabelForm key={editing.label?.id ?? "new"} label={editing.label} onClose={() => setEditing(null)} />}
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
