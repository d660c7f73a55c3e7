import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useRouteError } from "react-router";

/** What a person sees when a screen fails unexpectedly: an apology and a way back, not a stack trace. */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <Center mih="60vh">
      <Stack align="center" gap="sm">
        <Title order={3}>{t("state.crashed")}</Title>
        <Text c="dimmed">{t("state.crashedHint")}</Text>
        <Button onClick={() => window.location.reload()}>{t("state.reload")}</Button>
      </Stack>
    </Center>
  );
}
