import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { Message } from "../api";
import { kindLabelKey } from "../messageKind";

/** What a message that is not plain text is ("📷 Foto"): in the contact's history, and for a file WhatsApp did not describe. */
export function KindLabel({ message }: { message: Message }) {
  const { t } = useTranslation("chat");
  const key = kindLabelKey(message.kind);
  if (!key) return null;
  return (
    <Text size="sm" c="dimmed" data-kind={message.kind}>
      {t(key)}
    </Text>
  );
}
