import { ActionIcon, Button, Group, Menu, Tooltip } from "@mantine/core";
import { IconArrowBackUp, IconDots } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Message } from "../api";

/** WhatsApp's quick reactions. */
export const QUICK_REACTIONS = ["👍", "❤️", "😂", "😮", "😢", "🙏"];

/** The emoji `me` reacted to `message` with, if any (WhatsApp keeps one reaction per person). */
export function myReaction(message: Message, me: string | null): string | null {
  if (!me) return null;
  return message.reactions.find((reaction) => reaction.senders.includes(me))?.emoji ?? null;
}

interface ChipsProps {
  message: Message;
  me: string | null;
  nameOf: (sender: string) => string;
  /** Absent when the reader may not react (the chips are then read-only). */
  onReact?: (emoji: string) => void;
}

/** The reactions under a bubble: one chip per emoji with its count; one's own chip takes it back. */
export function ReactionChips({ message, me, nameOf, onReact }: ChipsProps) {
  const { t } = useTranslation("messages");
  if (message.reactions.length === 0) return null;
  return (
    <Group gap={4} mt={4} role="group" aria-label={t("reactions.react")}>
      {message.reactions.map(({ emoji, senders }) => {
        const mine = me !== null && senders.includes(me);
        const who = senders.map(nameOf).join(", ");
        const label = mine ? t("reactions.remove", { emoji }) : t("reactions.with", { emoji });
        return (
          <Tooltip key={emoji} label={who} withArrow>
            <Button
              size="compact-xs"
              radius="xl"
              variant={mine ? "light" : "default"}
              color="teal"
              aria-pressed={mine}
              aria-label={`${t("reactions.chip", { emoji, count: senders.length, who })}. ${label}`}
              onClick={onReact && (() => onReact(mine ? "" : emoji))}
              disabled={!onReact}
            >
              {emoji} {senders.length}
            </Button>
          </Tooltip>
        );
      })}
    </Group>
  );
}

/** A bubble's menu: react with a quick emoji (again to take it back), or reply. */
export function MessageMenu({
  mine,
  onReact,
  onReply,
}: {
  mine: string | null;
  onReact: (emoji: string) => void;
  onReply: () => void;
}) {
  const { t } = useTranslation("messages");
  const [opened, setOpened] = useState(false);
  return (
    <Menu opened={opened} onChange={setOpened} position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="sm" aria-label={t("reactions.actions")}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("reactions.react")}</Menu.Label>
        <Group gap={2} px={4} pb={4}>
          {QUICK_REACTIONS.map((emoji) => (
            <ActionIcon
              key={emoji}
              variant={emoji === mine ? "light" : "subtle"}
              color="teal"
              size="lg"
              aria-label={emoji === mine ? t("reactions.remove", { emoji }) : t("reactions.with", { emoji })}
              aria-pressed={emoji === mine}
              onClick={() => {
                setOpened(false);
                onReact(emoji === mine ? "" : emoji);
              }}
            >
              <span style={{ fontSize: 20 }}>{emoji}</span>
            </ActionIcon>
          ))}
        </Group>
        <Menu.Divider />
        <Menu.Item leftSection={<IconArrowBackUp size={16} />} onClick={onReply}>
          {t("reply.action")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
