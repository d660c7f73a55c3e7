import { ActionIcon, Group, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconMicrophone, IconPlayerStopFilled, IconTrash } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { type MediaKind, formatClock, recordingFormat } from "../limits";

export type VoiceFormat = NonNullable<ReturnType<typeof recordingFormat>>;

/**
 * How this browser records a voice note, or null when it cannot. Every channel kind takes voice notes (OGG Opus,
 * what WhatsApp asks for): a WebM recording is moved into OGG before it is attached.
 */
export function voiceFormat(): VoiceFormat | null {
  if (typeof MediaRecorder === "undefined" || !navigator.mediaDevices?.getUserMedia) return null;
  return recordingFormat((mime) => MediaRecorder.isTypeSupported(mime));
}

/** The recording as a voice note; a WebM one that cannot be moved into OGG goes as what it is, an audio file. */
async function voiceNote(chunks: Blob[], format: VoiceFormat, name: string): Promise<[File, MediaKind]> {
  const recorded = new Blob(chunks, { type: format.mime });
  const ogg = (bytes: BlobPart) => new File([bytes], `${name}.ogg`, { type: "audio/ogg; codecs=opus" });
  if (!format.remux) return [ogg(recorded), "voice_note"];
  // The remuxer loads with the first recording that needs it.
  const { webmToOgg } = await import("../ogg");
  const moved = webmToOgg(new Uint8Array(await recorded.arrayBuffer()));
  if (moved) return [ogg(moved), "voice_note"];
  return [new File([recorded], `${name}.webm`, { type: "audio/webm; codecs=opus" }), "audio"];
}

interface Props {
  format: VoiceFormat;
  disabled?: boolean;
  onRecorded: (file: File, kind: MediaKind) => void;
  /** Told when recording starts and ends (the composer waits meanwhile). */
  onRecording?: (recording: boolean) => void;
}

/** Records a voice note with the microphone; the recording is attached for review before it is sent. */
export function VoiceRecorder({ format, disabled, onRecorded, onRecording }: Props) {
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
        onRecording?.(false);
        if (!keep.current || chunks.length === 0) return;
        void voiceNote(chunks, format, t("voice.fileName")).then(([file, kind]) => onRecorded(file, kind));
      };
      keep.current = true;
      started.start();
      recorder.current = started;
      setSeconds(0);
      onRecording?.(true);
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
