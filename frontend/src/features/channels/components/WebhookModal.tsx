import { Button, CopyButton, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { apiBaseUrl } from "../../../api/client";
import type { Channel } from "../api";

/** The address Meta must call for a Cloud API channel. */
export function webhookUrl(channel: Channel): string {
  const origin = apiBaseUrl || window.location.origin;
  return `${origin}${channel.webhook_path ?? ""}`;
}

export function WebhookModal({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const { t } = useTranslation("channels");
  const url = channel ? webhookUrl(channel) : "";
  return (
    <Modal opened={channel !== null} onClose={onClose} title={t("webhook.title")} size="lg" centered>
      <Stack>
        <Text size="sm">{t("webhook.explain")}</Text>
        <Group align="flex-end" wrap="nowrap">
          <TextInput label={t("webhook.url")} value={url} readOnly style={{ flex: 1 }} />
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy}>
                {copied ? t("webhook.copied") : t("webhook.copy")}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Stack>
    </Modal>
  );
}
