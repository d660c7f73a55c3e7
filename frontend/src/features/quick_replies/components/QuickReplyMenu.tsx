import { Badge, Group, Paper, ScrollArea, Stack, Text, UnstyledButton } from "@mantine/core";
import { type KeyboardEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { type ListedQuickReply, useQuickReplies } from "../api";
import { type SlashQuery, insertReply, matchingReplies, moved, slashQuery } from "../slash";

/** The text a reply inserts: filled for the conversation, or as written while the filled one loads. */
const insertedText = (reply: ListedQuickReply) => reply.filled_text ?? reply.text;

interface MenuProps {
  query: SlashQuery;
  replies: ListedQuickReply[];
  active: number;
  onChoose: (reply: ListedQuickReply) => void;
  onHover: (index: number) => void;
}

function Menu({ query, replies, active, onChoose, onHover }: MenuProps) {
  const { t } = useTranslation("quickReplies");
  return (
    <Paper withBorder shadow="md" radius="md" p={4} data-testid="quick-reply-menu">
      {replies.length === 0 ? (
        <Text size="sm" c="dimmed" p="xs">
          {t("menu.none", { term: query.term })}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={240} type="auto">
          <Stack gap={2} role="listbox" aria-label={t("menu.label")} id="quick-reply-options">
            {replies.map((reply, index) => (
              <UnstyledButton
                key={reply.id}
                id={`quick-reply-${reply.id}`}
                role="option"
                aria-selected={index === active}
                // The textarea keeps the focus: a click chooses without blurring it.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => onChoose(reply)}
                onMouseEnter={() => onHover(index)}
                p="xs"
                style={{
                  borderRadius: "var(--mantine-radius-sm)",
                  background: index === active ? "var(--mantine-color-teal-0)" : undefined,
                }}
              >
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm" fw={600} c="teal.8">
                    /{reply.shortcut}
                  </Text>
                  {reply.scope === "personal" && (
                    <Badge size="xs" variant="light" color="gray">
                      {t("menu.mine")}
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {insertedText(reply)}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
      <Text size="xs" c="dimmed" px="xs" pt={4}>
        {t("menu.help")}
      </Text>
    </Paper>
  );
}

/** The quick replies of the composer: while the text ends with `/term`, a list of the replies it finds; arrows move,
 * Enter or Tab inserts (filled for the conversation), Escape closes. `onKeyDown` answers whether it used the key. */
export function useQuickReplyMenu(
  conversationId: string,
  text: string,
  setText: (text: string) => void,
): { menu: ReactNode; onKeyDown: (event: KeyboardEvent) => boolean; activeId: string | undefined } {
  const query = slashQuery(text);
  // Escape closes the list for the slash it was opened by; a new slash opens it again.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const open = query !== null && query.start !== dismissedAt;
  const listed = useQuickReplies(conversationId, query !== null);
  const replies = open ? matchingReplies(listed.data?.items ?? [], query.term) : [];
  const current = Math.min(active, Math.max(replies.length - 1, 0));
  const choose = (reply: ListedQuickReply) => {
    if (!query) return;
    setText(insertReply(text, query, insertedText(reply)));
    setActive(0);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (!open) return false;
    if (event.key === "Escape") {
      setDismissedAt(query.start);
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      setActive(moved(current, event.key === "ArrowDown" ? 1 : -1, replies.length));
    } else if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey && replies[current]) {
      choose(replies[current]);
    } else {
      if (event.key.length === 1) setActive(0);
      return false;
    }
    event.preventDefault();
    return true;
  };
  const menu =
    open && listed.data ? (
      <Menu query={query} replies={replies} active={current} onChoose={choose} onHover={setActive} />
    ) : null;
  return { menu, onKeyDown, activeId: open && replies[current] ? `quick-reply-${replies[current].id}` : undefined };
}
