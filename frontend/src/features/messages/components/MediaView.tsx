import { Box, Button, Group, Image, Loader, Modal, Paper, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconDownload, IconFile, IconFileTypePdf, IconMicrophone, IconPhotoOff } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";

import { notifyProblem } from "../../../lib/notify";
import { KindLabel } from "../../conversations/components/KindLabel";
import { type Media, type Message, downloadMedia, useMediaUrl } from "../api";
import { baseType, formatBytes, formatClock } from "../limits";
import { useSeen } from "./useSeen";

/** The widest a thumbnail is drawn; its height follows the image's proportions. */
const THUMB_WIDTH = 260;
const STICKER_SIZE = 128;
/** The height of the browser's audio controls. */
const AUDIO_HEIGHT = 54;

/** What stands in for a file that is not here: arriving, failed, or loading. */
function MediaState({ media, children }: { media: Media; children?: ReactNode }) {
  const { t } = useTranslation("messages");
  if (media.state === "failed") {
    return (
      <Group gap={6} wrap="nowrap" data-media-state="failed" role="status">
        <IconPhotoOff size={18} color="var(--mantine-color-red-7)" aria-hidden />
        <Text size="sm" c="red.8">
          {t("media.failed")}
        </Text>
      </Group>
    );
  }
  return (
    <Group gap={6} wrap="nowrap" data-media-state={media.state} role="status">
      <Loader size="xs" />
      <Text size="sm" c="dimmed">
        {children ?? t(media.state === "pending" ? "media.pending" : "media.loading")}
      </Text>
    </Group>
  );
}

/** A box of the picture's own proportions, so the thread does not jump when it loads. */
function reservedSize(media: Media, widest: number) {
  const { width, height } = media;
  if (!width || !height) return { width: widest, height: Math.round(widest * 0.75) };
  const scale = Math.min(1, widest / width);
  return { width: Math.round(width * scale), height: Math.round(height * scale) };
}

function Picture({ media, caption, sticker }: { media: Media; caption: string; sticker: boolean }) {
  const { t } = useTranslation("messages");
  const { ref, seen } = useSeen<HTMLDivElement>();
  const url = useMediaUrl(media, seen);
  const [full, setFull] = useState(false);
  const size = reservedSize(media, sticker ? STICKER_SIZE : THUMB_WIDTH);
  const alt = sticker ? t("sticker.alt") : caption ? t("image.altCaption", { caption }) : t("image.alt");
  const placeholder = !url.data && (
    <Stack justify="center" align="center" h="100%" p="xs">
      {url.isError ? <Text size="sm">{t("media.loadError")}</Text> : <MediaState media={media} />}
    </Stack>
  );
  return (
    <Box
      ref={ref}
      maw="100%"
      bg={sticker ? undefined : "gray.1"}
      // Pixels, the picture's own (scaled): the box keeps the place before the bytes arrive.
      style={{ width: `${size.width}px`, height: `${size.height}px`, borderRadius: 6, overflow: "hidden" }}
      data-testid={`media-${media.id}`}
    >
      {placeholder}
      {url.data && sticker && <Image src={url.data} alt={alt} w={size.width} h={size.height} fit="contain" />}
      {url.data && !sticker && (
        <>
          <UnstyledButton onClick={() => setFull(true)} aria-label={t("image.open")} display="block" h="100%">
            <Image src={url.data} alt={alt} w={size.width} h={size.height} fit="cover" />
          </UnstyledButton>
          <Modal opened={full} onClose={() => setFull(false)} size="auto" title={caption || t("image.full")} centered>
            <Image src={url.data} alt={alt} maw="90vw" mah="80vh" fit="contain" />
          </Modal>
        </>
      )}
    </Box>
  );
}

function Player({
  media,
  video,
  voice = false,
  label,
}: {
  media: Media;
  video: boolean;
  voice?: boolean;
  label: string;
}) {
  const { t } = useTranslation("messages");
  const { ref, seen } = useSeen<HTMLDivElement>();
  const url = useMediaUrl(media, seen);
  const size = reservedSize(media, THUMB_WIDTH);
  // The player's place is kept before the file arrives, so that the thread does not jump when it shows.
  const reserved = video ? { width: `${size.width}px`, height: `${size.height}px` } : { minHeight: AUDIO_HEIGHT };
  return (
    <Box ref={ref} data-testid={`media-${media.id}`} maw="100%" style={reserved}>
      {!url.data &&
        (url.isError ? (
          <Text size="sm">{t("media.loadError")}</Text>
        ) : (
          <MediaState media={media}>
            {media.duration_seconds ? `${label} · ${formatClock(media.duration_seconds)}` : undefined}
          </MediaState>
        ))}
      {url.data && video && (
        <video
          controls
          preload="metadata"
          src={url.data}
          aria-label={label}
          width={size.width}
          height={size.height}
          style={{ maxWidth: "100%", display: "block" }}
        />
      )}
      {url.data && !video && (
        <Group gap={4} wrap="nowrap">
          {voice && <IconMicrophone size={20} color="var(--mantine-color-teal-7)" aria-hidden />}
          <audio controls preload="metadata" src={url.data} aria-label={label} style={{ maxWidth: "100%" }} />
        </Group>
      )}
    </Box>
  );
}

/** "PDF", "DOCX"…: the file name's extension, else the type's subtype. */
function documentType(media: Media): string {
  const extension = media.file_name?.match(/\.([a-z0-9]{1,8})$/i)?.[1];
  return (extension ?? baseType(media.mime_type).split("/")[1] ?? "").toUpperCase();
}

function DocumentCard({ media }: { media: Media }) {
  const { t, i18n } = useTranslation("messages");
  const [busy, setBusy] = useState(false);
  const name = media.file_name || t("document.unnamed");
  const pdf = baseType(media.mime_type) === "application/pdf";
  const Icon = pdf ? IconFileTypePdf : IconFile;
  const details = [documentType(media), media.size_bytes ? formatBytes(media.size_bytes, i18n.language) : null];
  const download = () => {
    setBusy(true);
    downloadMedia(media, name)
      .catch((error) => notifyProblem(t, error))
      .finally(() => setBusy(false));
  };
  return (
    <Paper withBorder p="xs" radius="sm" bg="white" miw={220} data-testid={`media-${media.id}`}>
      <Group wrap="nowrap" gap="sm">
        <Icon size={32} color={pdf ? "var(--mantine-color-red-7)" : "var(--mantine-color-gray-7)"} aria-hidden />
        <Box style={{ flex: 1, minWidth: 0 }}>
          <Text size="sm" fw={500} truncate title={name}>
            {name}
          </Text>
          <Text size="xs" c="dimmed">
            {details.filter(Boolean).join(" · ")}
          </Text>
        </Box>
        {media.state === "stored" && (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<IconDownload size={14} />}
            onClick={download}
            loading={busy}
            aria-label={t("document.label", { name })}
          >
            {t("document.download")}
          </Button>
        )}
      </Group>
      {media.state !== "stored" && <MediaState media={media} />}
    </Paper>
  );
}

/** A message's file, drawn by its kind: picture, sticker, player or document card. */
export function MediaView({ message }: { message: Message }) {
  const { t } = useTranslation("messages");
  const media = message.media;
  // A media kind whose file WhatsApp did not describe: its name at least.
  if (!media) return <KindLabel message={message} />;
  switch (message.kind) {
    case "image":
    case "sticker":
      return <Picture media={media} caption={message.text} sticker={message.kind === "sticker"} />;
    case "video":
      return <Player media={media} video label={t("video.label")} />;
    case "audio":
    case "voice_note":
      return (
        <Player
          media={media}
          video={false}
          voice={message.kind === "voice_note"}
          label={t(message.kind === "audio" ? "audio.label" : "audio.voice")}
        />
      );
    default:
      return <DocumentCard media={media} />;
  }
}
