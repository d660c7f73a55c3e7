import {
  Alert,
  Badge,
  Box,
  Button,
  type ButtonProps,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Textarea,
  Title,
  Tooltip,
} from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { type Permission, can } from "../../../app/permissions";
import { QueryState } from "../../../components/QueryState";
import { useCompanyTime } from "../../../app/companyTime";
import { notifyProblem } from "../../../lib/notify";
import {
  type Conversation,
  type Message,
  useConversation,
  useConversationAction,
  useMessages,
  useSendMessage,
} from "../api";
import { useMarkReadWhileOpen } from "../read";
import { ContactDrawer } from "./ContactDrawer";
import { KindLabel } from "./KindLabel";
import { TransferModal } from "./TransferModal";

function Bubble({ message, inGroup }: { message: Message; inGroup: boolean }) {
  const { t } = useTranslation("chat");
  const { dateTime } = useCompanyTime();
  const mine = message.direction === "outbound";
  return (
    <Group justify={mine ? "flex-end" : "flex-start"}>
      <Paper
        p="xs"
        px="sm"
        maw="70%"
        radius="md"
        bg={mine ? "teal.0" : "gray.0"}
        withBorder
        aria-label={mine ? t("you") : message.sender}
      >
        {inGroup && !mine && (
          <Text size="xs" fw={600} c="teal.8">
            {message.sender}
          </Text>
        )}
        <KindLabel message={message} />
        {message.text && (
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {message.text}
          </Text>
        )}
        <Group gap={6} justify="flex-end">
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
        </Group>
      </Paper>
    </Group>
  );
}

function Composer({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation("chat");
  const [text, setText] = useState("");
  // One key per message being written: a retried click finds the message instead of sending it again.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const send = useSendMessage(conversation.id);
  const { data: me } = useMe();
  if (conversation.status === "closed") return <Alert variant="light">{t("closedComposer")}</Alert>;
  if (me && !can(me, "messages.send")) {
    return (
      <Alert variant="light" color="gray">
        {t("missingPermission", { permission: t("permission.messages.send") })}
      </Alert>
    );
  }
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim() || send.isPending) return;
    send.mutate(
      { text, key },
      {
        onSuccess: () => {
          setText("");
          setKey(crypto.randomUUID());
        },
        onError: (error) => notifyProblem(t, error),
      },
    );
  };
  return (
    <form onSubmit={submit}>
      <Group align="flex-end" wrap="nowrap">
        <Textarea
          aria-label={t("composer")}
          placeholder={t("composer")}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) submit(event);
          }}
          autosize
          minRows={1}
          maxRows={5}
          style={{ flex: 1 }}
        />
        <Button type="submit" leftSection={<IconSend size={16} />} loading={send.isPending} disabled={!text.trim()}>
          {t("send")}
        </Button>
      </Group>
    </form>
  );
}

/** A conversation action, shown disabled with the reason when the user lacks its permission. */
function ActionButton({
  permission,
  children,
  ...props
}: ButtonProps & { permission: Permission; onClick: () => void; children: ReactNode }) {
  const { t } = useTranslation("chat");
  const { data: me } = useMe();
  if (can(me, permission)) {
    return (
      <Button size="xs" {...props}>
        {children}
      </Button>
    );
  }
  return (
    <Tooltip label={t("missingPermission", { permission: t(`permission.${permission}`) })} withArrow>
      <Button size="xs" {...props} data-disabled onClick={(event) => event.preventDefault()}>
        {children}
      </Button>
    </Tooltip>
  );
}

/** One conversation: its header with the permitted actions, its messages and the composer. */
export function Thread({ id }: { id: string }) {
  const { t } = useTranslation("chat");
  const { data: me } = useMe();
  const conversation = useConversation(id);
  const messages = useMessages(id);
  const act = useConversationAction(id);
  const bottom = useRef<HTMLDivElement>(null);
  const ordered = [...(messages.data?.items ?? [])].reverse();
  const newest = ordered.at(-1)?.id;
  useEffect(() => {
    bottom.current?.scrollIntoView({ block: "end" });
  }, [newest]);
  const data = conversation.data;
  useMarkReadWhileOpen(data);
  const run = (action: "assign" | "close" | "reopen") =>
    act.mutate({ action }, { onError: (error) => notifyProblem(t, error) });
  const [transferring, setTransferring] = useState(false);
  const [showingContact, setShowingContact] = useState(false);
  return (
    <QueryState isPending={conversation.isPending} error={conversation.error}>
      {data && (
        <Stack h="calc(100vh - 180px)" gap="sm">
          <Group justify="space-between">
            <Group gap="sm">
              <Title order={4}>{data.title}</Title>
              <Badge variant="light">{t(`status.${data.status}`)}</Badge>
              {data.awaiting_choice && (
                <Badge variant="outline" color="yellow">
                  {t("awaitingChoice")}
                </Badge>
              )}
            </Group>
            <Group gap="xs">
              {data.contact_id && (
                <Button size="xs" variant="subtle" onClick={() => setShowingContact(true)}>
                  {t("contact.show")}
                </Button>
              )}
              {data.status !== "closed" && data.assigned_to !== me?.user.id && (
                <Button size="xs" variant="light" onClick={() => run("assign")} loading={act.isPending}>
                  {t("take")}
                </Button>
              )}
              {data.status !== "closed" && (
                <ActionButton
                  permission="conversations.transfer"
                  variant="default"
                  onClick={() => setTransferring(true)}
                >
                  {t("transfer.open")}
                </ActionButton>
              )}
              {data.status !== "closed" && (
                <ActionButton
                  permission="conversations.close"
                  variant="default"
                  onClick={() => run("close")}
                  loading={act.isPending}
                >
                  {t("close")}
                </ActionButton>
              )}
              {data.status === "closed" && (
                <ActionButton
                  permission="conversations.reopen"
                  variant="default"
                  onClick={() => run("reopen")}
                  loading={act.isPending}
                >
                  {t("reopen")}
                </ActionButton>
              )}
            </Group>
          </Group>
          <ScrollArea style={{ flex: 1 }} type="auto">
            <QueryState
              isPending={messages.isPending}
              error={messages.error}
              isEmpty={ordered.length === 0}
              empty={t("noMessages")}
            >
              <Stack gap="xs" pr="sm" aria-live="polite">
                {ordered.map((message) => (
                  <Bubble key={message.id} message={message} inGroup={data.kind === "group"} />
                ))}
                <Box ref={bottom} />
              </Stack>
            </QueryState>
          </ScrollArea>
          <Composer conversation={data} />
          <TransferModal conversation={transferring ? data : null} onClose={() => setTransferring(false)} />
          <ContactDrawer
            contactId={showingContact ? (data.contact_id ?? null) : null}
            onClose={() => setShowingContact(false)}
          />
        </Stack>
      )}
    </QueryState>
  );
}
