import {
  Alert,
  Button,
  Container,
  Group,
  Modal,
  PasswordInput,
  Stack,
  Switch,
  Table,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconLogout, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { logout } from "../../../app/logout";
import { ConfirmModal } from "../../../components/ConfirmModal";
import { PageHeader } from "../../../components/PageHeader";
import { TableCard } from "../../../components/TableCard";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { type Company, useCompanies, useCreateCompany, useUpdateCompany } from "../api";
import { notifyProblem } from "../../../lib/notify";

function CreateCompanyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("platform");
  const create = useCreateCompany();
  const form = useForm({
    initialValues: { name: "", timezone: "America/Sao_Paulo", adminName: "", adminEmail: "", adminPassword: "" },
  });
  const errors = fieldErrors(create.error);
  // Set when the company was created but its administrator was refused: a retry sends the admin only.
  const createdId = (create.error as { createdId?: string } | null)?.createdId;
  const submit = form.onSubmit((values) =>
    create.mutate(
      {
        company: { name: values.name.trim(), timezone: values.timezone.trim() || null },
        admin: { name: values.adminName.trim(), email: values.adminEmail.trim(), password: values.adminPassword },
        createdId,
      },
      {
        onSuccess: () => {
          notifications.show({ color: "teal", message: t("created") });
          form.reset();
          onClose();
        },
      },
    ),
  );
  return (
    <Modal opened={opened} onClose={onClose} title={t("create")} centered>
      <form onSubmit={submit}>
        <Stack>
          <TextInput
            label={t("name")}
            required
            error={errors.name}
            disabled={!!createdId}
            {...form.getInputProps("name")}
          />
          <TextInput
            label={t("timezone")}
            error={errors.timezone}
            disabled={!!createdId}
            {...form.getInputProps("timezone")}
          />
          <TextInput label={t("adminName")} required {...form.getInputProps("adminName")} />
          <TextInput
            label={t("adminEmail")}
            type="email"
            required
            error={errors.email}
            {...form.getInputProps("adminEmail")}
          />
          <PasswordInput
            label={t("adminPassword")}
            required
            error={errors.password}
            {...form.getInputProps("adminPassword")}
          />
          {create.isError && (
            <Alert color="red" variant="light" role="alert">
              {problemMessage(t, create.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {t("submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CompanyRow({ company }: { company: Company }) {
  const { t } = useTranslation("platform");
  const update = useUpdateCompany();
  const [suspending, setSuspending] = useState(false);
  const failed = (error: unknown) => notifyProblem(t, error);
  const setActive = (active: boolean) =>
    update.mutate({ id: company.id, body: { active } }, { onSuccess: () => setSuspending(false), onError: failed });
  return (
    <>
      <ConfirmModal
        opened={suspending}
        title={t("suspendTitle", { name: company.name })}
        message={t("suspendMessage")}
        confirmLabel={t("suspend")}
        loading={update.isPending}
        onClose={() => setSuspending(false)}
        onConfirm={() => setActive(false)}
      />
      <Table.Tr>
        <Table.Td fw={500}>{company.name}</Table.Td>
        <Table.Td>{company.timezone}</Table.Td>
        <Table.Td>
          <Switch
            aria-label={`${t("columns.active")}: ${company.name}`}
            checked={company.active}
            onChange={(event) => (event.currentTarget.checked ? setActive(true) : setSuspending(true))}
          />
        </Table.Td>
        <Table.Td>
          <Switch
            aria-label={`${t("columns.groups")}: ${company.name}`}
            checked={company.features.whatsapp_groups}
            onChange={(event) => {
              const enabled = event.currentTarget.checked;
              update.mutate(
                { id: company.id, body: { features: { whatsapp_groups: enabled } } },
                {
                  onSuccess: () =>
                    notifications.show({
                      color: "teal",
                      message: t(enabled ? "featureOn" : "featureOff", { name: company.name }),
                    }),
                  onError: failed,
                },
              );
            }}
          />
        </Table.Td>
      </Table.Tr>
    </>
  );
}

/** "Operador da plataforma": companies and their feature switches. */
export function PlatformPage() {
  const { t } = useTranslation("platform");
  const companies = useCompanies();
  const [creating, setCreating] = useState(false);
  return (
    <Container size="lg" py="xl">
      <Group justify="space-between" mb="md">
        <Title order={3} c="teal.7">
          BlocoPro · {t("loginTitle")}
        </Title>
        <Button variant="subtle" leftSection={<IconLogout size={16} />} onClick={() => void logout()}>
          {t("common:actions.logout")}
        </Button>
      </Group>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          <Button color="green" leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t("create")}
          </Button>
        }
      />
      <TableCard
        isPending={companies.isPending}
        error={companies.error}
        isEmpty={companies.items.length === 0}
        empty={t("empty")}
        head={
          <>
            <Table.Th>{t("columns.name")}</Table.Th>
            <Table.Th>{t("columns.timezone")}</Table.Th>
            <Table.Th>{t("columns.active")}</Table.Th>
            <Table.Th>{t("columns.groups")}</Table.Th>
          </>
        }
      >
        {companies.items.map((company) => (
          <CompanyRow key={company.id} company={company} />
        ))}
      </TableCard>
      <CreateCompanyModal opened={creating} onClose={() => setCreating(false)} />
    </Container>
  );
}
