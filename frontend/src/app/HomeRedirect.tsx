import { Button, Center, Loader, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, Navigate } from "react-router";

import { useMe } from "./me";
import { visibleNavItems } from "./navigation";

/** The start page: the first area of the menu the user may open. */
export function HomeRedirect() {
  const { data: me } = useMe();
  if (!me) {
    return (
      <Center h={200}>
        <Loader />
      </Center>
    );
  }
  const first = visibleNavItems(me)[0];
  return <Navigate to={first?.path ?? "/chat"} replace />;
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack align="center" mt="xl">
      <Text size="lg">{t("state.notFound")}</Text>
      <Button component={Link} to="/" variant="light">
        {t("state.back")}
      </Button>
    </Stack>
  );
}
