import {
  Alert,
  Badge,
  Button,
  type ButtonProps,
  Group,
  Overlay,
  ScrollArea,
  Stack,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import { type ComponentProps, type ReactNode, Suspense, lazy, useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { type Permission, can } from "../../../app/permissions";
import { QueryState } from "../../../components/QueryState";
import { notifyProblem } from "../../../lib/notify";
import { useStickToBottom } from "../../../lib/useStickToBottom";
import { useChannelOptions } from "../../channels/api";
import { useGroup } from "../../groups/api";
import { ConversationLabels } from "../../labels/components/ConversationLabels";
import { type Message, useReact } from "../../messages/api";
import { Bubble, messageElementId } from "../../messages/components/Bubble";
import { Composer } from "../../messages/components/Composer";
import { CustomerWindowNotice, useCustomerWindow } from "../../messages/components/CustomerWindow";
import { TemplatePicker } from "../../messages/components/TemplatePicker";
import type { CustomerWindow } from "../../messages/templates";
import { useAttachment } from "../../messages/components/useAttachment";
import { type Conversation, useConversation, useConversationAction, useMessages } from "../api";
import { useMarkReadWhileOpen } from "../read";

// The dialogs load when opened.
const TransferModal = lazy(() => import("./TransferModal").then((module) => ({ default: module.TransferModal })));
const ContactDrawer = lazy(() => import("./ContactDrawer").then((module) => ({ default: module.ContactDrawer })));

/** The composer, or why the reader cannot write here. On a Cloud API conversation, when its 24-hour window closes;
 * once closed, the template picker instead of free text (WhatsApp takes nothing else). */
function ComposerArea({
  conversation,
  canWrite,
  customerWindow,
  ...rest
}: Omit<ComponentProps<typeof Composer>, "conversationId"> & {
  conversation: Conversation;
  canWrite: boolean;
  customerWindow: CustomerWindow;
}) {
  const { t } = useTranslation("chat");
  if (conversation.status === "closed") return <Alert variant="light">{t("closedComposer")}</Alert>;
  if (!canWrite) {
    return (
      <Alert variant="light" color="gray">
        {t("missingPermission", { permission: t("permission.messages.send") })}
      </Alert>
    );
  }
  const closesAt = conversation.customer_window_closes_at;
  return (
    <Stack gap={6}>
      {closesAt && customerWindow !== "none" && (
        <CustomerWindowNotice closesAt={closesAt} startedAt={conversation.created_at} state={customerWindow} />
      )}
      {customerWindow === "closed" ? (
        // A template with many variables must not push the thread off the screen: its form scrolls instead.
        <ScrollArea.Autosize mah="45vh" type="auto" offsetScrollbars>
          <TemplatePicker conversationId={conversation.id} channelId={conversation.channel_id} onSent={rest.onSent} />
        </ScrollArea.Autosize>
      ) : (
        <Composer conversationId={conversation.id} {...rest} />
      )}
    </Stack>
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

/** The channel's own number, who "I" am in reactions: from the channel, else from what the channel sent. */
function useOwnNumber(channelId: string | undefined, messages: Message[]): string | null {
  const channels = useChannelOptions(channelId !== undefined);
  const channel = channels.data?.find((each) => each.id === channelId);
  return channel?.phone_number ?? messages.find((each) => each.direction === "outbound")?.sender ?? null;
}

/** Who wrote a message, as the reader knows them: "Você", the direct conversation's title, a group participant's
 * name when the company knows it, else the number. */
function useSenderNames(conversation: Conversation | undefined, ownNumber: string | null) {
  const { t } = useTranslation("chat");
  const group = useGroup(conversation?.kind === "group" ? (conversation.group_id ?? null) : null);
  const participants = new Map(group.data?.participants.map((member) => [member.phone, member.name]));
  return (sender: string) => {
    if (sender === ownNumber) return t("you");
    if (conversation?.kind === "direct" && sender === conversation.chat_id) return conversation.title;
    return participants.get(sender) || sender;
  };
}

/** Scrolls to a loaded message and marks it for a moment. */
function useJumpTo() {
  const [highlighted, setHighlighted] = useState<string | null>(null);
  useEffect(() => {
    if (!highlighted) return;
    const timer = setTimeout(() => setHighlighted(null), 1600);
    return () => clearTimeout(timer);
  }, [highlighted]);
  const jumpTo = useCallback((id: string) => {
    document.getElementById(messageElementId(id))?.scrollIntoView({ block: "center", behavior: "smooth" });
    setHighlighted(id);
  }, []);
  return { highlighted, jumpTo };
}

/** Once the message `around` is loaded, scrolls to it and marks it for a moment (a search result opened here). */
function useOpenAt(around: string | null, loaded: Set<string>, jumpTo: (id: string) => void) {
  const ready = around !== null && loaded.has(around);
  const [opened, setOpened] = useState<string | null>(null);
  // Back at the latest messages: the same result opened again is scrolled to again.
  if (around === null && opened !== null) setOpened(null);
  useEffect(() => {
    if (!ready || around === null || opened === around) return;
    // After the thread has laid out (and stuck to its bottom): then the message is where it will stay.
    const frame = requestAnimationFrame(() => {
      jumpTo(around);
      setOpened(around);
    });
    return () => cancelAnimationFrame(frame);
  }, [ready, around, opened, jumpTo]);
}

/** One conversation: its header with the permitted actions, its messages and the composer. With `around` (a search
 * result), the messages around that one, scrolled to it and marked, until the reader goes to the latest ones
 * (`onLatest`): with the button, or by sending something (what is sent shows among the latest). The composer stays
 * mounted meanwhile (what it holds, e.g. its note mode, is kept). */
export function Thread({ id, around = null, onLatest }: { id: string; around?: string | null; onLatest?: () => void }) {
  const { t } = useTranslation("chat");
  const { data: me } = useMe();
  const conversation = useConversation(id);
  const messages = useMessages(id, around);
  const act = useConversationAction(id);
  const react = useReact(id);
  const attachment = useAttachment();
  const ordered = [...(messages.data?.items ?? [])].reverse();
  const loaded = new Set(ordered.map((message) => message.id));
  const newest = ordered.at(-1);
  // At the newest message, while pictures load above it, unless the reader scrolled up; one's own message is
  // always shown.
  const { viewportRef, contentRef } = useStickToBottom(newest?.id, newest?.direction === "outbound");
  const data = conversation.data;
  useMarkReadWhileOpen(data);
  const ownNumber = useOwnNumber(data?.channel_id, ordered);
  const { highlighted, jumpTo } = useJumpTo();
  useOpenAt(around, loaded, jumpTo);
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const run = (action: "assign" | "close" | "reopen") =>
    act.mutate({ action }, { onError: (error) => notifyProblem(t, error) });
  const [transferring, setTransferring] = useState(false);
  const [showingContact, setShowingContact] = useState(false);
  const windowState = useCustomerWindow(data?.customer_window_closes_at);
  // Outside the window WhatsApp takes no free-form message: no reply, reaction or file but a template.
  const canWrite = data?.status !== "closed" && can(me, "messages.send") && windowState !== "closed";
  const nameOf = useSenderNames(data, ownNumber);
  const reactTo = (message: Message) => (emoji: string) =>
    react.mutate({ messageId: message.id, emoji }, { onError: (error) => notifyProblem(t, error) });
  return (
    <QueryState isPending={conversation.isPending} error={conversation.error}>
      {data && (
        <Stack h="calc(100vh - 180px)" gap="sm" pos="relative" {...(canWrite ? attachment.dropProps : {})}>
          {attachment.dragging && (
            <Overlay color="#fff" backgroundOpacity={0.85} blur={1} center zIndex={5}>
              <Text fw={600} c="teal.8">
                {t("messages:composer.drop")}
              </Text>
            </Overlay>
          )}
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
          <ConversationLabels conversationId={data.id} labels={data.labels} />
          {around !== null && onLatest && (
            <Alert variant="light" color="yellow" py={6}>
              <Group justify="space-between" gap="xs">
                <Text size="sm">{t("messages:search.opened")}</Text>
                <Button size="xs" variant="subtle" onClick={onLatest}>
                  {t("messages:search.latest")}
                </Button>
              </Group>
            </Alert>
          )}
          <ScrollArea style={{ flex: 1 }} type="auto" viewportRef={viewportRef}>
            <QueryState
              isPending={messages.isPending}
              error={messages.error}
              isEmpty={ordered.length === 0}
              empty={t("noMessages")}
            >
              <Stack gap="xs" pr="sm" aria-live="polite" ref={contentRef}>
                {ordered.map((message) => {
                  const quoted = message.reply_to?.message_id;
                  return (
                    <Bubble
                      key={message.id}
                      message={message}
                      inGroup={data.kind === "group"}
                      me={ownNumber}
                      nameOf={nameOf}
                      highlighted={highlighted === message.id}
                      onJumpToQuoted={quoted && loaded.has(quoted) ? () => jumpTo(quoted) : undefined}
                      onReact={canWrite ? reactTo(message) : undefined}
                      onReply={canWrite ? () => setReplyTo(message) : undefined}
                    />
                  );
                })}
              </Stack>
            </QueryState>
          </ScrollArea>
          <ComposerArea
            conversation={data}
            canWrite={can(me, "messages.send")}
            customerWindow={windowState}
            attachment={attachment}
            replyTo={replyTo}
            replyWho={replyTo ? nameOf(replyTo.sender) : ""}
            onReplyDropped={() => setReplyTo(null)}
            onSent={around !== null ? onLatest : undefined}
          />
          <Suspense fallback={null}>
            {transferring && <TransferModal conversation={data} onClose={() => setTransferring(false)} />}
            {showingContact && (
              <ContactDrawer
                contactId={data.contact_id ?? null}
                currentId={data.id}
                onClose={() => setShowingContact(false)}
              />
            )}
          </Suspense>
        </Stack>
      )}
    </QueryState>
  );
}
