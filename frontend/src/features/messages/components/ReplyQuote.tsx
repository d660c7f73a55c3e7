import { CloseButton, Group, Paper, Text, UnstyledButton } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { Schemas } from "../../../api/client";
import { kindLabelKey } from "../../conversations/messageKind";

type ReplyTo = Schemas["ReplyTo"];

/** A quoted message's words: its snippet, after its kind's label ("📷 Foto · Comprovante"). */
function QuoteText({ replyTo }: { replyTo: Pick<ReplyTo, "kind" | "snippet"> }) {
  const { t } = useTranslation("chat");
  const key = replyTo.kind ? kindLabelKey(replyTo.kind) : null;
  const parts = [key && t(key), replyTo.snippet.trim()].filter(Boolean);
  return (
    <Text size="xs" lineClamp={2} c="dark.6">
      {parts.join(" · ")}
    </Text>
  );
}

const quoteStyle = { borderLeft: "3px solid var(--mantine-color-teal-6)" };

/**
 * The message a bubble replies to. `onJump` scrolls to it: given when the quoted message is loaded,
 * else the quote says it is not.
 */
export function ReplyQuote({ replyTo, who, onJump }: { replyTo: ReplyTo; who: string; onJump?: () => void }) {
  const { t } = useTranslation("messages");
  const body = (
    <>
      <Text size="xs" fw={600} c="teal.8">
        {t("reply.to", { who })}
      </Text>
      <QuoteText replyTo={replyTo} />
    </>
  );
  return (
    <Paper bg="rgba(0,0,0,0.04)" px="xs" py={4} radius="sm" style={quoteStyle} mb={4} data-testid="reply-quote">
      {onJump ? (
        <UnstyledButton onClick={onJump} title={t("reply.jump")} display="block" w="100%">
          {body}
        </UnstyledButton>
      ) : (
        <div title={t("reply.notLoaded")}>{body}</div>
      )}
    </Paper>
  );
}

/** The message being answered, above the composer, with ✕ to write without the reply. */
export function ReplyingTo({
  message,
  who,
  onDrop,
}: {
  message: { kind: ReplyTo["kind"]; text: string };
  who: string;
  onDrop: () => void;
}) {
  const { t } = useTranslation("messages");
  return (
    <Paper
      withBorder
      px="sm"
      py={6}
      radius="sm"
      style={quoteStyle}
      role="status"
      aria-label={t("reply.replying", { who })}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <div style={{ minWidth: 0 }}>
          <Text size="xs" fw={600} c="teal.8">
            {t("reply.replying", { who })}
          </Text>
          <QuoteText replyTo={{ kind: message.kind, snippet: message.text }} />
        </div>
        <CloseButton aria-label={t("reply.drop")} onClick={onDrop} />
      </Group>
    </Paper>
  );
}
