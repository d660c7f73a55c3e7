import { ActionIcon, Alert, Modal, MultiSelect, Stack, Table, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Schemas } from "../../../api/client";
import { useMe } from "../../../app/me";
import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { FormActions } from "../../../components/FormActions";
import { SectionHeader } from "../../../components/SectionHeader";
import { TableCard } from "../../../components/TableCard";
import { localized, usePermissionCatalogue } from "../../../lib/catalogue";
import { useCompanyTime } from "../../../app/companyTime";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { type ApiToken, useApiTokens, useCreateApiToken, useDeleteApiToken } from "../api";
import { SecretModal, useCreationWithSecret } from "../../../components/SecretModal";

type Permission = Schemas["Permission"];

function NewTokenModal({ onClose, onCreated }: { onClose: () => void; onCreated: (secret: string) => void }) {
  const { t, i18n } = useTranslation("apiTokens");
  const { data: me } = useMe();
  const catalogue = usePermissionCatalogue();
  const create = useCreateApiToken();
  const form = useForm<{ name: string; permissions: Permission[] }>({ initialValues: { name: "", permissions: [] } });
  const errors = fieldErrors(create.error);
  const grantable = (catalogue.data ?? []).filter((item) => me?.permissions.includes(item.key));
  const submit = form.onSubmit((values) =>
    create.mutate(
      { name: values.name.trim(), permissions: values.permissions },
      { onSuccess: (created) => onCreated(created.token) },
    ),
  );
  return (
    <Modal opened onClose={onClose} title={t("add")} size="lg" centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={t("name")}
            placeholder={t("namePlaceholder")}
            required
            data-autofocus
            error={errors.name}
            {...form.getInputProps("name")}
          />
          <MultiSelect
            label={t("permissions")}
            description={t("permissionsHint")}
            data={grantable.map((item) => ({
              value: item.key,
              label: `${localized(item.description, i18n.language)} (${item.key})`,
            }))}
            searchable
            error={errors.permissions}
            {...form.getInputProps("permissions")}
          />
          {create.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" variant="light" role="alert">
              {problemMessage(t, create.error)}
            </Alert>
          )}
          <FormActions onCancel={onClose} loading={create.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

/** The company's API tokens: their names, permissions and last use; the secret is shown once. */
export function ApiTokens() {
  const { t } = useTranslation("apiTokens");
  const { dateTime } = useCompanyTime();
  const tokens = useApiTokens();
  const remove = useDeleteApiToken();
  const creation = useCreationWithSecret();
  const [deleting, setDeleting] = useState<ApiToken | null>(null);
  return (
    <Stack>
      <SectionHeader intro={t("intro")} addLabel={t("add")} onAdd={creation.startAdding} />
      <TableCard
        isPending={tokens.isPending}
        error={tokens.error}
        isEmpty={(tokens.data ?? []).length === 0}
        empty={t("empty")}
        head={
          <>
            <Table.Th>{t("name")}</Table.Th>
            <Table.Th>{t("permissions")}</Table.Th>
            <Table.Th>{t("created")}</Table.Th>
            <Table.Th>{t("lastUsed")}</Table.Th>
            <Table.Th />
          </>
        }
      >
        {(tokens.data ?? []).map((token) => (
          <Table.Tr key={token.id}>
            <Table.Td fw={500}>{token.name}</Table.Td>
            <Table.Td ff="monospace" fz="xs">
              {token.permissions.join(", ")}
            </Table.Td>
            <Table.Td>{dateTime(token.created_at)}</Table.Td>
            <Table.Td>{token.last_used_at ? dateTime(token.last_used_at) : t("never")}</Table.Td>
            <Table.Td w={50}>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={t("revoke", { name: token.name })}
                onClick={() => setDeleting(token)}
              >
                <IconTrash size={18} />
              </ActionIcon>
            </Table.Td>
          </Table.Tr>
        ))}
      </TableCard>
      {creation.adding && <NewTokenModal onClose={creation.cancelAdding} onCreated={creation.created} />}
      {creation.secret && (
        <SecretModal title={t("secretTitle")} secret={creation.secret} onClose={creation.dismissSecret} />
      )}
      <ConfirmDelete
        item={deleting}
        title={t("deleteTitle", { name: deleting?.name })}
        message={t("deleteMessage")}
        remove={remove}
        done={t("revoked")}
        onClose={() => setDeleting(null)}
      />
    </Stack>
  );
}
