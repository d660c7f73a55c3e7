import { ActionIcon, Group, Text, Tooltip } from "@mantine/core";
import { IconMicrophone, IconPlayerStopFilled, IconTrash } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import type { Schemas } from "../../../api/client";
import { notifications } from "@mantine/notifications";
import { type MediaKind, formatClock, recordingFormat } from "../limits";

type ChannelKind = Schemas["ChannelKind"];

/**
 * How this browser records for a channel of `channel` kind, or null when it cannot: the Cloud API takes voice
 * notes in OGG Opus only, so a browser that records WebM only (Safari, Chrome) cannot send one there.
 */
export function voiceFormatFor(channel: ChannelKind | undefined) {
  if (typeof MediaRecorder === "undefined" || !navigator.mediaDevices?.getUserMedia) return null;
  const format = recordingFormat((mime) => MediaRecorder.isTypeSupported(mime));
  if (!format || (channel === "whatsapp_cloud" && format.kind !== "voice_note")) return null;
  return format;
}

interface Props {
  format: { mime: string; kind: "voice_note" | "audio" };
  disabled?: boolean;
  onRecorded: (file: File, kind: MediaKind) => void;
}

/** Records a voice note with the microphone; the recording is attached for review before it is sent. */
export function VoiceRecorder({ format, disabled, onRecorded }: Props) {
  const { t } = useTranslation("messages");
  const recorder = useRef<MediaRecorder | null>(null);
  const keep = useRef(true);
  const [seconds, setSeconds] = useState<number | null>(null);

  useEffect(() => {
    if (seconds === null) return;
    const timer = setTimeout(() => setSeconds(seconds + 1), 1000);
    return () => clearTimeout(timer);
  }, [seconds]);
  // Leaving the conversation stops the microphone.
  useEffect(() => () => stop(false), []);

  const start = async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const started = new MediaRecorder(stream, { mimeType: format.mime });
      const chunks: Blob[] = [];
      started.ondataavailable = (event) => chunks.push(event.data);
      started.onstop = () => {
        stream.getTracks().forEach((track) => track.stop());
        setSeconds(null);
        if (!keep.current || chunks.length === 0) return;
        const type = format.mime.replace(";", "; ");
        const extension = format.mime.startsWith("audio/ogg") ? "ogg" : "webm";
        onRecorded(new File(chunks, `${t("voice.fileName")}.${extension}`, { type }), format.kind);
      };
      keep.current = true;
      started.start();
      recorder.current = started;
      setSeconds(0);
    } catch {
      notifications.show({ color: "red", message: t("voice.denied") });
    }
  };

  function stop(keepIt: boolean) {
    keep.current = keepIt;
    if (recorder.current?.state === "recording") recorder.current.stop();
    recorder.current = null;
  }

  if (seconds === null) {
    return (
      <Tooltip label={t("voice.record")}>
        <ActionIcon variant="default" size="lg" onClick={start} disabled={disabled} aria-label={t("voice.record")}>
          <IconMicrophone size={18} />
        </ActionIcon>
      </Tooltip>
    );
  }
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm" c="red.7" role="status" style={{ whiteSpace: "nowrap" }}>
        ● {t("voice.recording", { time: formatClock(seconds) })}
      </Text>
      <ActionIcon variant="subtle" color="gray" size="lg" onClick={() => stop(false)} aria-label={t("voice.discard")}>
        <IconTrash size={18} />
      </ActionIcon>
      <ActionIcon variant="filled" color="red" size="lg" onClick={() => stop(true)} aria-label={t("voice.stop")}>
        <IconPlayerStopFilled size={18} />
      </ActionIcon>
    </Group>
  );
}
