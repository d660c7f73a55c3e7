import {
  ActionIcon,
  Box,
  Button,
  Checkbox,
  CloseButton,
  FileButton,
  Group,
  Image,
  Paper,
  Progress,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  Tooltip,
} from "@mantine/core";
import { IconFile, IconNote, IconPaperclip, IconSend } from "@tabler/icons-react";
import { type FormEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { notifyProblem } from "../../../lib/notify";
import { useQuickReplyMenu } from "../../quick_replies/components/QuickReplyMenu";
import { type Message, type SendMessageBody, useSendMessage, useWriteNote } from "../api";
import { type MediaKind, canGoAsDocument, formatBytes } from "../limits";
import { ReplyingTo } from "./ReplyQuote";
import type { Attachment } from "./useAttachment";
import { VoiceRecorder, voiceFormat } from "./VoiceRecorder";

/** WhatsApp shows no caption under these. */
const WITHOUT_CAPTION: MediaKind[] = ["audio", "voice_note", "sticker"];

function Preview({ attachment }: { attachment: Attachment }) {
  const { t, i18n } = useTranslation("messages");
  const { attached, kind, previewUrl } = attachment;
  if (!attached || !kind || !previewUrl) return null;
  const { file } = attached;
  const shown = (() => {
    switch (kind) {
      case "image":
      case "sticker":
        return <Image src={previewUrl} alt={file.name} h={96} w="auto" fit="contain" radius="sm" />;
      case "video":
        return <video src={previewUrl} width={128} height={96} muted aria-label={file.name} />;
      case "audio":
      case "voice_note":
        return <audio controls src={previewUrl} aria-label={file.name} />;
      default:
        return <IconFile size={40} aria-hidden />;
    }
  })();
  return (
    <Paper withBorder p="xs" radius="sm" data-testid="attachment-preview">
      <Group wrap="nowrap" align="flex-start" justify="space-between">
        <Group wrap="nowrap" gap="sm" align="center" style={{ minWidth: 0 }}>
          {shown}
          <Box style={{ minWidth: 0 }}>
            <Text size="sm" fw={500} truncate title={file.name}>
              {file.name}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`chat:kind.${kind}`)} · {formatBytes(file.size, i18n.language)}
            </Text>
            {attachment.naturalKind && canGoAsDocument(attachment.naturalKind) && (
              <Checkbox
                mt={4}
                size="xs"
                label={t("composer.asDocument")}
                checked={attachment.asDocument}
                onChange={(event) => attachment.chooseAsDocument(event.currentTarget.checked)}
                disabled={attachment.uploading}
              />
            )}
          </Box>
        </Group>
        {!attachment.uploading && <CloseButton aria-label={t("composer.remove")} onClick={attachment.clear} />}
      </Group>
      {attachment.refusal && (
        <Text size="sm" c="red.8" mt={4} role="alert">
          {attachment.refusal}
        </Text>
      )}
      {attachment.progress !== null && (
        <Group mt="xs" wrap="nowrap">
          <Progress
            value={attachment.progress * 100}
            style={{ flex: 1 }}
            aria-label={t("composer.uploading", { percent: Math.round(attachment.progress * 100) })}
          />
          <Text size="xs" c="dimmed" style={{ whiteSpace: "nowrap" }}>
            {t("composer.uploading", { percent: Math.round(attachment.progress * 100) })}
          </Text>
          <Button size="compact-xs" variant="default" onClick={attachment.clear}>
            {t("composer.cancel")}
          </Button>
        </Group>
      )}
    </Paper>
  );
}

interface Props {
  conversationId: string;
  attachment: Attachment;
  replyTo: Message | null;
  replyWho: string;
  onReplyDropped: () => void;
  /** After a message or a note is stored (e.g. to show the latest messages, where it is). */
  onSent?: () => void;
}

/** What the composer writes: an answer to the customer, or a private note for the team. */
export type ComposerMode = "reply" | "note";

/** The note a note-mode composer writes: the text alone (no file, no quote). */
function NoteButton({ loading, disabled }: { loading: boolean; disabled: boolean }) {
  const { t } = useTranslation("messages");
  return (
    <Button type="submit" color="yellow.7" leftSection={<IconNote size={16} />} loading={loading} disabled={disabled}>
      {t("note.add")}
    </Button>
  );
}

/** Writes the next message: text, or a file with its caption, optionally as a reply; or a private note. Typing `/`
 * opens the quick replies. */
export function Composer({ conversationId, attachment, replyTo, replyWho, onReplyDropped, onSent }: Props) {
  const { t } = useTranslation(["messages", "chat"]);
  const [text, setText] = useState("");
  const [mode, setMode] = useState<ComposerMode>("reply");
  const writeNote = useWriteNote(conversationId);
  const quickReplies = useQuickReplyMenu(conversationId, text, setText);
  const noting = mode === "note";
  // One key per message being written: a retried click finds the message instead of sending it again.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const send = useSendMessage(conversationId);
  const voice = voiceFormat();
  const [recording, setRecording] = useState(false);
  const resetFileInput = useRef<() => void>(null);
  const withFile = attachment.attached !== null;
  const captionless = attachment.kind !== null && WITHOUT_CAPTION.includes(attachment.kind);
  const busy = send.isPending || attachment.uploading;
  const ready = !recording && (withFile ? !attachment.refusal : text.trim() !== "");

  const sent = () => {
    setText("");
    setKey(crypto.randomUUID());
    attachment.clear();
    onReplyDropped();
    onSent?.();
  };

  const submitNote = () => {
    if (!text.trim() || writeNote.isPending) return;
    const written = () => {
      setText("");
      onSent?.();
    };
    writeNote.mutate(text, { onSuccess: written, onError: (error) => notifyProblem(t, error) });
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (noting) return submitNote();
    if (!ready || busy) return;
    const body: SendMessageBody = { reply_to_message_id: replyTo?.id };
    try {
      if (withFile) {
        body.media_id = (await attachment.send()).id;
        if (!captionless && text.trim()) body.text = text;
      } else body.text = text;
    } catch (error) {
      // A cancelled upload is what the attendant asked for.
      if (!(error instanceof DOMException && error.name === "AbortError")) notifyProblem(t, error);
      return;
    }
    send.mutate({ body, key }, { onSuccess: sent, onError: (error) => notifyProblem(t, error) });
  };

  return (
    <form onSubmit={submit}>
      <Stack gap={6}>
        <SegmentedControl
          size="xs"
          w="fit-content"
          value={mode}
          onChange={(value) => setMode(value as ComposerMode)}
          data={[
            { value: "reply", label: t("note.modeReply") },
            { value: "note", label: t("note.modeNote") },
          ]}
          aria-label={t("note.mode")}
          color={noting ? "yellow.6" : undefined}
        />
        {quickReplies.menu}
        {replyTo && !noting && (
          <ReplyingTo message={{ kind: replyTo.kind, text: replyTo.text }} who={replyWho} onDrop={onReplyDropped} />
        )}
        {!noting && <Preview attachment={attachment} />}
        <Group align="flex-end" wrap="nowrap" gap="xs">
          {!noting && (
            <FileButton
              onChange={(file) => {
                attachment.attach(file ? [file] : null);
                // The same file may be chosen again after it is removed.
                resetFileInput.current?.();
              }}
              resetRef={resetFileInput}
              disabled={busy}
            >
              {(props) => (
                <Tooltip label={t("composer.attach")}>
                  <ActionIcon {...props} variant="default" size="lg" aria-label={t("composer.attach")} disabled={busy}>
                    <IconPaperclip size={18} />
                  </ActionIcon>
                </Tooltip>
              )}
            </FileButton>
          )}
          <Textarea
            aria-label={noting ? t("note.placeholder") : withFile ? t("composer.caption") : t("chat:composer")}
            placeholder={
              noting
                ? t("note.placeholder")
                : withFile
                  ? captionless
                    ? t("composer.noCaption")
                    : t("composer.caption")
                  : t("chat:composer")
            }
            value={captionless && !noting ? "" : text}
            disabled={(captionless && !noting) || recording}
            onChange={(event) => setText(event.currentTarget.value)}
            onPaste={noting ? undefined : attachment.onPaste}
            onKeyDown={(event) => {
              if (quickReplies.onKeyDown(event)) return;
              if (event.key === "Enter" && !event.shiftKey) void submit(event);
            }}
            aria-controls={quickReplies.menu ? "quick-reply-options" : undefined}
            aria-activedescendant={quickReplies.activeId}
            styles={noting ? { input: { background: "var(--mantine-color-yellow-0)" } } : undefined}
            autosize
            minRows={1}
            maxRows={5}
            style={{ flex: 1 }}
          />
          {/* As in WhatsApp: the microphone while nothing is written or attached. */}
          {!noting && voice && !withFile && (recording || !text.trim()) && (
            <VoiceRecorder
              format={voice}
              disabled={busy}
              onRecorded={(file, kind) => attachment.attach([file], kind)}
              onRecording={setRecording}
            />
          )}
          {noting ? (
            <NoteButton loading={writeNote.isPending} disabled={!text.trim()} />
          ) : (
            <Button type="submit" leftSection={<IconSend size={16} />} loading={busy} disabled={!ready}>
              {t("chat:send")}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
