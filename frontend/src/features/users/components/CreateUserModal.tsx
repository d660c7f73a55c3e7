import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { type UserView, useCreateUser } from "../api";
import { PASSWORD_MIN, cleanPhone, passwordProblems, personalProblems, serverFieldMessage } from "../userForm";

interface Values {
  name: string;
  email: string;
  password: string;
  confirmation: string;
  phone: string;
  status: "active" | "inactive";
  view_full_wallet: boolean;
  is_admin: boolean;
  agenda_access: boolean;
}

const FIELDS = ["name", "email", "password", "phone", "status"] as const;

/** "Cadastrar usuário" → "Incluir usuário". */
export function CreateUserModal({ onClose, onCreated }: { onClose: () => void; onCreated: (user: UserView) => void }) {
  const { t } = useTranslation("users");
  const { data: me } = useMe();
  const create = useCreateUser();
  const form = useForm<Values>({
    initialValues: {
      name: "",
      email: "",
      password: "",
      confirmation: "",
      phone: "",
      status: "active",
      view_full_wallet: true,
      is_admin: false,
      agenda_access: false,
    },
    validate: (values) => {
      const problems = { ...personalProblems(values), ...passwordProblems(values, true) };
      return Object.fromEntries(Object.entries(problems).map(([field, key]) => [field, t(key, { min: PASSWORD_MIN })]));
    },
  });

  const serverErrors = fieldErrors(create.error);
  // A refusal that no field shows (forbidden, conflict without a field…) is told above the form.
  const otherError =
    create.isError && !FIELDS.some((field) => serverErrors[field])
      ? [
          problemMessage(t, create.error),
          ...Object.entries(serverErrors).map(([field, message]) => `${field}: ${message}`),
        ].join(" ")
      : null;
  const errorOf = (field: (typeof FIELDS)[number]) =>
    form.errors[field] ?? (create.isError ? serverFieldMessage(t, serverErrors[field]) : undefined);
  const onlyAdminsMakeAdmins = !me?.user.is_admin;

  function submit(values: Values) {
    create.mutate(
      {
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        phone: cleanPhone(values.phone) || null,
        status: values.status,
        view_full_wallet: values.view_full_wallet,
        is_admin: values.is_admin,
        agenda_access: values.agenda_access,
      },
      {
        onSuccess: (user) => {
          notifications.show({ color: "teal", message: t("created", { name: user.name }) });
          onClose();
          onCreated(user);
        },
      },
    );
  }

  return (
    <Modal opened onClose={onClose} title={t("create")} size="xl" centered>
      <form onSubmit={form.onSubmit(submit)} noValidate>
        <Stack gap="md">
          {otherError && (
            <Alert color="red" variant="light" role="alert">
              {otherError}
            </Alert>
          )}
          <SimpleGrid cols={2} spacing="md" verticalSpacing="sm">
            <TextInput
              label={t("fields.name")}
              description={t("fields.nameHint")}
              required
              data-autofocus
              autoComplete="off"
              {...form.getInputProps("name")}
              error={errorOf("name")}
            />
            <TextInput
              label={t("fields.email")}
              description={t("fields.emailHint")}
              type="email"
              required
              autoComplete="off"
              {...form.getInputProps("email")}
              error={errorOf("email")}
            />
            <PasswordInput
              label={t("fields.password")}
              description={t("fields.passwordHint", { min: PASSWORD_MIN })}
              required
              autoComplete="new-password"
              {...form.getInputProps("password")}
              error={errorOf("password")}
            />
            <PasswordInput
              label={t("fields.passwordConfirmation")}
              description={"\u00a0"}
              required
              autoComplete="new-password"
              {...form.getInputProps("confirmation")}
            />
            <TextInput
              label={t("fields.phone")}
              description={t("fields.phoneHint")}
              type="tel"
              placeholder="+5511987654321"
              autoComplete="off"
              {...form.getInputProps("phone")}
              error={errorOf("phone")}
            />
            <Select
              label={t("fields.status")}
              description={"\u00a0"}
              data={[
                { value: "active", label: t("status.active") },
                { value: "inactive", label: t("status.inactive") },
              ]}
              allowDeselect={false}
              {...form.getInputProps("status")}
            />
          </SimpleGrid>
          <Stack gap="sm" mt="xs">
            <Switch
              label={t("fields.viewFullWallet")}
              description={t("fields.viewFullWalletHint")}
              {...form.getInputProps("view_full_wallet", { type: "checkbox" })}
            />
            <Switch
              label={t("fields.isAdmin")}
              description={onlyAdminsMakeAdmins ? t("fields.isAdminOnlyAdmins") : t("fields.isAdminHint")}
              color="orange"
              disabled={onlyAdminsMakeAdmins}
              {...form.getInputProps("is_admin", { type: "checkbox" })}
            />
            <Switch
              label={t("fields.agendaAccess")}
              description={t("fields.agendaAccessHint")}
              {...form.getInputProps("agenda_access", { type: "checkbox" })}
            />
          </Stack>
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {t("common:actions.cancel")}
            </Button>
            <Button type="submit" color="green" loading={create.isPending}>
              {t("submitCreate")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
