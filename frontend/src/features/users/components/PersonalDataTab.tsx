import {
  Alert,
  Button,
  Group,
  Paper,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconTrash } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { ConfirmModal } from "../../../components/ConfirmModal";
import { useMe } from "../../../app/me";
import { settingsPath } from "../../../app/settings/tabs";
import { fieldErrors, problemMessage } from "../../../lib/problem";
import { type UserView, useDeleteUser, useUpdateUser } from "../api";
import {
  PASSWORD_MIN,
  type PersonalValues,
  SEXES,
  type Sex,
  passwordProblems,
  personalProblems,
  personalValues,
  serverFieldMessage,
  userPatch,
} from "../userForm";

type Values = PersonalValues & { password: string; confirmation: string };
const FIELDS = ["name", "full_name", "email", "phone", "sex", "status", "password"] as const;
type Field = (typeof FIELDS)[number];

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="lg">
      <Title order={4} mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/** "Dados pessoais": identity, status and flags (PATCH with only what changed), password, and deletion. */
export function PersonalDataTab({ user, canManage }: { user: UserView; canManage: boolean }) {
  const { t } = useTranslation("users");
  const { data: me } = useMe();
  const navigate = useNavigate();
  const update = useUpdateUser(user.id);
  const remove = useDeleteUser();
  const [deleting, setDeleting] = useState(false);
  const form = useForm<Values>({
    initialValues: { ...personalValues(user), password: "", confirmation: "" },
    validate: (values) => {
      const problems = { ...personalProblems(values), ...passwordProblems(values, false) };
      return Object.fromEntries(Object.entries(problems).map(([field, key]) => [field, t(key, { min: PASSWORD_MIN })]));
    },
  });

  const serverErrors = fieldErrors(update.error);
  const errorOf = (field: Field) =>
    form.errors[field] ?? (update.isError ? serverFieldMessage(t, serverErrors[field]) : undefined);
  const otherError =
    update.isError && !FIELDS.some((field) => serverErrors[field]) ? problemMessage(t, update.error) : null;
  const readOnly = !canManage;
  const onlyAdminsMakeAdmins = !me?.user.is_admin && !user.is_admin;

  function submit(values: Values) {
    const patch = userPatch(user, values, values.password || undefined);
    if (Object.keys(patch).length === 0) {
      notifications.show({ color: "gray", message: t("personal.noChanges") });
      return;
    }
    update.mutate(patch, {
      onSuccess: (saved) => {
        // The form starts afresh from what the server answered.
        const fresh = { ...personalValues(saved), password: "", confirmation: "" };
        form.setInitialValues(fresh);
        form.setValues(fresh);
        notifications.show({ color: "teal", message: t("personal.saved") });
      },
    });
  }

  function confirmDelete() {
    remove.mutate(user.id, {
      onSuccess: () => {
        notifications.show({ color: "teal", message: t("personal.deleted", { name: user.name }) });
        void navigate(settingsPath("users"));
      },
      onError: (error) => {
        setDeleting(false);
        notifications.show({
          color: "red",
          title: t("personal.deleteFailed"),
          message: problemMessage(t, error),
          autoClose: 10_000,
        });
      },
    });
  }

  return (
    <form onSubmit={form.onSubmit(submit)} noValidate>
      <Stack gap="md" maw={960}>
        <Section title={t("personal.identity")}>
          <SimpleGrid cols={2} spacing="md" verticalSpacing="sm">
            <TextInput
              label={t("fields.name")}
              required
              readOnly={readOnly}
              {...form.getInputProps("name")}
              error={errorOf("name")}
            />
            <TextInput
              label={t("fields.fullName")}
              readOnly={readOnly}
              {...form.getInputProps("full_name")}
              error={errorOf("full_name")}
            />
            <TextInput
              label={t("fields.email")}
              type="email"
              required
              readOnly={readOnly}
              {...form.getInputProps("email")}
              error={errorOf("email")}
            />
            <Select
              label={t("fields.sex")}
              placeholder={t("fields.sexPlaceholder")}
              data={SEXES.map((sex) => ({ value: sex, label: t(`sexes.${sex}`) }))}
              clearable
              readOnly={readOnly}
              value={form.values.sex}
              onChange={(value) => form.setFieldValue("sex", (value as Sex | null) ?? null)}
              error={errorOf("sex")}
            />
            <TextInput
              label={t("fields.phoneNumber")}
              description={t("fields.phoneHint")}
              type="tel"
              placeholder="+5511987654321"
              readOnly={readOnly}
              {...form.getInputProps("phone")}
              error={errorOf("phone")}
            />
          </SimpleGrid>
        </Section>
        <Section title={t("personal.access")}>
          <SimpleGrid cols={2} spacing="xl">
            <Select
              label={t("fields.status")}
              description={t("personal.inactiveHint")}
              data={[
                { value: "active", label: t("status.active") },
                { value: "inactive", label: t("status.inactive") },
              ]}
              allowDeselect={false}
              readOnly={readOnly}
              {...form.getInputProps("status")}
              error={errorOf("status")}
            />
            <Stack gap="md">
              <Switch
                label={t("fields.viewFullWallet")}
                description={t("fields.viewFullWalletHint")}
                disabled={readOnly}
                {...form.getInputProps("view_full_wallet", { type: "checkbox" })}
              />
              <Switch
                label={t("fields.isAdmin")}
                description={onlyAdminsMakeAdmins ? t("fields.isAdminOnlyAdmins") : t("fields.isAdminHint")}
                color="orange"
                disabled={readOnly || onlyAdminsMakeAdmins}
                {...form.getInputProps("is_admin", { type: "checkbox" })}
              />
              <Switch
                label={t("fields.agendaAccess")}
                description={t("fields.agendaAccessHint")}
                disabled={readOnly}
                {...form.getInputProps("agenda_access", { type: "checkbox" })}
              />
            </Stack>
          </SimpleGrid>
        </Section>
        {canManage && (
          <Section title={t("personal.changePassword")}>
            <SimpleGrid cols={2} spacing="md">
              <PasswordInput
                label={t("personal.newPassword")}
                description={t("personal.newPasswordHint")}
                autoComplete="new-password"
                {...form.getInputProps("password")}
                error={errorOf("password")}
              />
              <PasswordInput
                label={t("fields.passwordConfirmation")}
                description={"\u00a0"}
                autoComplete="new-password"
                {...form.getInputProps("confirmation")}
              />
            </SimpleGrid>
          </Section>
        )}
        {otherError && (
          <Alert color="red" variant="light" role="alert">
            {otherError}
          </Alert>
        )}
        {canManage && (
          <Group justify="space-between">
            <Button
              variant="outline"
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => setDeleting(true)}
            >
              {t("personal.deleteUser")}
            </Button>
            <Group gap="sm">
              <Button
                variant="default"
                onClick={() => {
                  form.reset();
                  update.reset();
                }}
                disabled={!form.isDirty()}
              >
                {t("personal.reset")}
              </Button>
              <Button type="submit" loading={update.isPending}>
                {t("common:actions.save")}
              </Button>
            </Group>
          </Group>
        )}
      </Stack>
      <ConfirmModal
        opened={deleting}
        title={t("personal.deleteTitle", { name: user.name })}
        message={t("personal.deleteMessage")}
        confirmLabel={t("personal.deleteUser")}
        loading={remove.isPending}
        onClose={() => setDeleting(false)}
        onConfirm={confirmDelete}
      />
    </form>
  );
}
