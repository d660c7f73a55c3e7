import { Group, Paper, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import type { Message } from "../api";
import { MessageBody, NoticeText, isNotice } from "./MessageBody";
import { TransferCard } from "./TransferCard";
import { MessageMenu, ReactionChips, myReaction } from "./Reactions";
import { NoteCard } from "./NoteCard";
import { ReplyQuote } from "./ReplyQuote";

export interface BubbleProps {
  message: Message;
  inGroup: boolean;
  /** The channel's own number (who "I" am in reactions), when known. */
  me: string | null;
  nameOf: (sender: string) => string;
  highlighted: boolean;
  /** Scrolls to the quoted message; absent when it is not loaded. */
  onJumpToQuoted?: () => void;
  /** Absent when the reader may not write in this conversation. */
  onReact?: (emoji: string) => void;
  onReply?: () => void;
}

/** The element id of a message in the thread, to scroll to it. */
export const messageElementId = (id: string) => `message-${id}`;

/** One message in the thread: the quote it answers, what it says by kind, its time and delivery, its reactions. */
export function Bubble({ message, inGroup, me, nameOf, highlighted, onJumpToQuoted, onReact, onReply }: BubbleProps) {
  const { t } = useTranslation("chat");
  const { dateTime } = useCompanyTime();
  if (message.kind === "note") return <NoteCard message={message} />;
  if (message.kind === "transfer") return <TransferCard message={message} />;
  if (isNotice(message)) {
    return (
      <div id={messageElementId(message.id)}>
        <NoticeText message={message} />
      </div>
    );
  }
  const mine = message.direction === "outbound";
  return (
    <Group justify={mine ? "flex-end" : "flex-start"} id={messageElementId(message.id)}>
      <Paper
        p="xs"
        px="sm"
        maw="70%"
        radius="md"
        bg={mine ? "teal.0" : "gray.0"}
        withBorder
        aria-label={mine ? t("you") : nameOf(message.sender)}
        style={{
          transition: "box-shadow 300ms",
          boxShadow: highlighted ? "0 0 0 3px var(--mantine-color-yellow-4)" : undefined,
        }}
      >
        {inGroup && !mine && (
          <Text size="xs" fw={600} c="teal.8">
            {nameOf(message.sender)}
          </Text>
        )}
        {message.reply_to && (
          <ReplyQuote
            replyTo={message.reply_to}
            who={message.reply_to.sender ? nameOf(message.reply_to.sender) : t("messages:reply.someone")}
            onJump={onJumpToQuoted}
          />
        )}
        <MessageBody message={message} />
        <Group gap={6} justify="flex-end" wrap="nowrap">
          <Text size="xs" c="dimmed">
            {dateTime(message.sent_at)}
          </Text>
          {mine && (
            <Text size="xs" c={message.status === "failed" ? "red" : "dimmed"} data-status={message.status}>
              {message.status === "failed"
                ? t("failedBecause", { error: message.error ?? "" })
                : t(`delivery.${message.status}`)}
            </Text>
          )}
          {onReact && onReply && <MessageMenu mine={myReaction(message, me)} onReact={onReact} onReply={onReply} />}
        </Group>
        <ReactionChips message={message} me={me} nameOf={nameOf} onReact={onReact} />
      </Paper>
    </Group>
  );
}
