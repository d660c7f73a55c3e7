import { Alert, Button, Paper, PasswordInput, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { loginErrorMessage } from "../loginError";

export interface Credentials {
  email: string;
  password: string;
}

interface Props {
  title: string;
  subtitle: string;
  notice?: string;
  login: (credentials: Credentials) => Promise<unknown>;
  onLoggedIn: () => void;
}

/** The e-mail and password form of both login screens (users and platform operators). */
export function LoginForm({ title, subtitle, notice, login, onLoggedIn }: Props) {
  const { t, i18n } = useTranslation("auth");
  const form = useForm<Credentials>({
    initialValues: { email: "", password: "" },
    validate: {
      email: (value) => (value.trim() ? null : t("required")),
      password: (value) => (value ? null : t("required")),
    },
  });
  const submit = useMutation({ mutationFn: login, onSuccess: onLoggedIn });
  return (
    <Paper withBorder shadow="md" p="xl" radius="md" w={400} maw="92vw">
      <form onSubmit={form.onSubmit((values) => submit.mutate({ ...values, email: values.email.trim() }))}>
        <Stack>
          <div>
            <Title order={2}>{title}</Title>
            <Text c="dimmed" size="sm">
              {subtitle}
            </Text>
          </div>
          {notice && !submit.isError && (
            <Alert color="blue" variant="light">
              {notice}
            </Alert>
          )}
          {submit.isError && (
            <Alert color="red" variant="light" role="alert">
              {loginErrorMessage(t, submit.error, i18n.language)}
            </Alert>
          )}
          <TextInput
            label={t("email")}
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps("email")}
          />
          <PasswordInput
            label={t("password")}
            autoComplete="current-password"
            required
            {...form.getInputProps("password")}
          />
          <Button type="submit" loading={submit.isPending} fullWidth>
            {t("submit")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
