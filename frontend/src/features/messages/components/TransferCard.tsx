import { Group, Paper, Stack, Text } from "@mantine/core";
import { IconArrowsExchange } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import type { Message } from "../api";
import { messageElementId } from "./Bubble";

/** "Ana transferiu para Bia (Financeiro)": the sentence a transfer reads as, by whom it names. */
export function transferSentence(message: Message, t: TFunction): string {
  const transfer = message.transfer;
  if (!transfer) return "";
  const values = { by: transfer.by.name, to: transfer.to_user?.name, department: transfer.to_department?.name };
  if (transfer.to_user && transfer.to_department) return t("transfer.toBoth", values);
  return t(transfer.to_user ? "transfer.toUser" : "transfer.toDepartment", values);
}

/** A transfer in the thread: an event across the middle, with the note left for whoever receives it. */
export function TransferCard({ message }: { message: Message }) {
  const { t } = useTranslation("messages");
  const { dateTime } = useCompanyTime();
  return (
    <Group justify="center" id={messageElementId(message.id)}>
      <Paper p="xs" px="sm" maw="80%" radius="md" bg="gray.0" withBorder data-kind="transfer">
        <Stack gap={2} align="center">
          <Group gap={6} wrap="nowrap">
            <IconArrowsExchange size={14} color="var(--mantine-color-gray-7)" aria-hidden />
            <Text size="xs" fw={600} c="gray.8">
              {transferSentence(message, t)}
            </Text>
          </Group>
          {message.text && (
            <Text size="sm" fs="italic" ta="center" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              “{message.text}”
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {dateTime(message.sent_at)}
          </Text>
        </Stack>
      </Paper>
    </Group>
  );
}
