import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { Component, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** What a person sees when a screen fails unexpectedly: an apology and a way back, not a stack trace. */
export function RouteError() {
  const { t } = useTranslation();
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

interface BoundaryProps {
  children: ReactNode;
  /** The address: another one tries the screens again. */
  resetKey: string;
}

/** Shows `RouteError` in place of a screen that threw while rendering or whose chunk failed to load, until the
 * address changes. */
export class RouteErrorBoundary extends Component<BoundaryProps, { failed: boolean; at: string }> {
  state = { failed: false, at: this.props.resetKey };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: BoundaryProps, state: { at: string }) {
    return props.resetKey === state.at ? null : { failed: false, at: props.resetKey };
  }

  componentDidCatch(error: unknown) {
    console.error(error);
  }

  render() {
    return this.state.failed ? <RouteError /> : this.props.children;
  }
}
