import { Group, Paper, Text } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import type { Message } from "../api";
import { messageElementId } from "./Bubble";

/** A private note in the thread: a yellow card, "Nota interna" and who wrote it; the customer never sees it. */
export function NoteCard({ message }: { message: Message }) {
  const { t } = useTranslation("messages");
  const { dateTime } = useCompanyTime();
  return (
    <Group justify="flex-end" id={messageElementId(message.id)}>
      <Paper
        p="xs"
        px="sm"
        maw="70%"
        radius="md"
        bg="yellow.0"
        withBorder
        style={{ borderColor: "var(--mantine-color-yellow-5)", borderStyle: "dashed" }}
        aria-label={t("note.label")}
        data-kind="note"
      >
        <Group gap={6} wrap="nowrap" mb={2}>
          <IconLock size={14} color="var(--mantine-color-yellow-9)" aria-hidden />
          <Text size="xs" fw={700} c="yellow.9">
            {t("note.label")}
          </Text>
          <Text size="xs" c="dimmed">
            · {message.sender}
          </Text>
        </Group>
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {message.text}
        </Text>
        <Text size="xs" c="dimmed" ta="right">
          {dateTime(message.sent_at)} · {t("note.teamOnly")}
        </Text>
      </Paper>
    </Group>
  );
}
