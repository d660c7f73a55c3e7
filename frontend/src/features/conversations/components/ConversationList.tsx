import { Badge, Box, Group, Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { QueryState } from "../../../components/QueryState";
import { useCompanyTime } from "../../../app/companyTime";
import { LabelChips } from "../../labels/components/LabelChips";
import { type ConversationFilters, useConversations } from "../api";
import { type MessageKind, kindLabelKey, previewLine } from "../messageKind";

interface Props {
  filters: ConversationFilters;
  selected: string | null;
  onSelect: (id: string) => void;
}

/** The conversations of a queue, newest activity first, with their unread counts. */
export function ConversationList({ filters, selected, onSelect }: Props) {
  const { t } = useTranslation("chat");
  const { dateTime } = useCompanyTime();
  const conversations = useConversations(filters);
  const labelOf = (kind: MessageKind) => {
    const key = kindLabelKey(kind);
    return key && t(key);
  };
  return (
    // The list's place is kept while it loads (nothing below it moves when it arrives); the browser's own scrolling:
    // Mantine's ScrollArea would bring its positioning library to the first screen.
    <Box h="calc(100vh - 230px)" style={{ overflowY: "auto" }}>
      <QueryState
        isPending={conversations.isPending}
        error={conversations.error}
        isEmpty={conversations.items.length === 0}
        empty={t("empty")}
      >
        <Stack gap={2} role="list">
          {conversations.items.map((conversation) => (
            <UnstyledButton
              key={conversation.id}
              role="listitem"
              aria-current={conversation.id === selected}
              onClick={() => onSelect(conversation.id)}
              p="sm"
              style={{
                borderRadius: 8,
                background: conversation.id === selected ? "var(--mantine-color-teal-0)" : undefined,
              }}
            >
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text fw={600} size="sm" truncate>
                  {conversation.title}
                </Text>
                <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                  {dateTime(conversation.last_message_at)}
                </Text>
              </Group>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" c="dimmed" truncate>
                  {previewLine(labelOf(conversation.last_message_kind), conversation.last_message_preview)}
                </Text>
                {conversation.unread_count > 0 && (
                  <Badge circle color="teal" aria-label={t("unread", { count: conversation.unread_count })}>
                    {conversation.unread_count}
                  </Badge>
                )}
              </Group>
              {conversation.labels.length > 0 && (
                <Box mt={4}>
                  <LabelChips labels={conversation.labels} size="xs" />
                </Box>
              )}
            </UnstyledButton>
          ))}
        </Stack>
      </QueryState>
    </Box>
  );
}
