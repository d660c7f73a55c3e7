import { Button, Group, Mark, Stack, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import { QueryState } from "../../../components/QueryState";
import { type FoundMessage, type SnippetPart, useMessageSearch } from "../api";

/** A result's text with its matching words marked; the server sends plain text pieces, shown as text. */
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <>
      {parts.map((part, index) =>
        part.highlighted ? (
          <Mark key={index} color="yellow">
            {part.text}
          </Mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}

/** Chat's "Pesquisar mensagens": what every conversation the reader sees holds of `query`, newest first; choosing a
 * result opens its conversation at the message. */
export function MessageSearchResults({ query, onOpen }: { query: string; onOpen: (found: FoundMessage) => void }) {
  const { t } = useTranslation("messages");
  const time = useCompanyTime();
  const results = useMessageSearch(query);
  return (
    <QueryState
      isPending={results.isPending}
      error={results.error}
      isEmpty={results.items.length === 0}
      empty={t("search.none")}
    >
      <Stack gap={4} role="list" aria-label={t("search.results")}>
        {results.items.map((found) => (
          <UnstyledButton
            key={found.message_id}
            role="listitem"
            onClick={() => onOpen(found)}
            p="xs"
            style={{ borderRadius: "var(--mantine-radius-sm)", borderBottom: "1px solid var(--mantine-color-gray-2)" }}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Text fw={600} size="sm" truncate>
                {found.title}
              </Text>
              <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
                {time.dateTime(found.sent_at)}
              </Text>
            </Group>
            <Text size="sm" c={found.kind === "note" ? "yellow.9" : undefined} lineClamp={3}>
              {found.kind === "note" && `${t("search.note")} · `}
              {found.kind === "transfer" && `${t("transfer.label")} · `}
              <Snippet parts={found.snippet} />
            </Text>
          </UnstyledButton>
        ))}
        {results.hasNextPage && (
          <Button
            variant="subtle"
            size="xs"
            onClick={() => void results.fetchNextPage()}
            loading={results.isFetchingNextPage}
          >
            {t("search.more")}
          </Button>
        )}
      </Stack>
    </QueryState>
  );
}
