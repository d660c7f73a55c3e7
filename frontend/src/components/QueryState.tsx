import { Alert, Button, Center, Loader, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

import { problemMessage } from "../lib/problem";

export interface QueryStateProps {
  isPending: boolean;
  error: unknown;
  isEmpty?: boolean;
  empty?: ReactNode;
  onRetry?: () => void;
  children: ReactNode;
}

/** Loading, error and empty states of a query, then its content. */
export function QueryState({ isPending, error, isEmpty, empty, onRetry, children }: QueryStateProps) {
  const { t } = useTranslation();
  if (isPending) {
    return (
      <Center py="xl" aria-busy>
        <Loader aria-label={t("state.loading")} />
      </Center>
    );
  }
  if (error) {
    return (
      <Alert color="red" variant="light" title={t("state.error")} role="alert">
        {problemMessage(t, error)}
        {onRetry && (
          <Button variant="subtle" size="xs" ml="sm" onClick={onRetry}>
            {t("actions.retry")}
          </Button>
        )}
      </Alert>
    );
  }
  if (isEmpty) {
    return (
      <Text c="dimmed" ta="center" py="xl">
        {empty ?? t("state.empty")}
      </Text>
    );
  }
  return children;
}
