// What WhatsApp accepts per kind of media (issue 16), checked in the browser before an upload starts so
// that the attendant learns at once, in words, why a file cannot go; the server checks the same again.

export type MediaKind = "image" | "audio" | "voice_note" | "video" | "document" | "sticker";

const MB = 1024 * 1024;

/** The largest file WhatsApp takes of each kind, in bytes. */
export const MEDIA_LIMITS: Record<MediaKind, number> = {
  image: 5 * MB,
  audio: 16 * MB,
  voice_note: 16 * MB,
  video: 16 * MB,
  document: 100 * MB,
  sticker: 500 * 1024,
};

/** The types WhatsApp shows as such; anything else goes as a document. */
const PLAYABLE: Record<Exclude<MediaKind, "document" | "voice_note">, string[]> = {
  image: ["image/jpeg", "image/png"],
  sticker: ["image/webp"],
  video: ["video/mp4", "video/3gpp"],
  audio: ["audio/aac", "audio/mp4", "audio/mpeg", "audio/amr", "audio/ogg"],
};

/** The MIME type without its parameters, lower-case: `audio/ogg; codecs=opus` → `audio/ogg`. */
export function baseType(mime: string): string {
  return mime.split(";")[0]!.trim().toLowerCase();
}

/** How a file is sent: as what WhatsApp shows it as, or as a document when it cannot show it (or when asked). */
export function kindOfFile(file: Pick<File, "type">, asDocument = false): MediaKind {
  if (asDocument) return "document";
  const type = baseType(file.type);
  const kind = (Object.keys(PLAYABLE) as (keyof typeof PLAYABLE)[]).find((each) => PLAYABLE[each].includes(type));
  return kind ?? "document";
}

/** Whether the attendant may choose to send it as a document instead (photos and videos keep their quality). */
export function canGoAsDocument(kind: MediaKind): boolean {
  return kind === "image" || kind === "video";
}

export type FileRefusal = { code: "empty" } | { code: "too_large"; limit: number };

/** Why `file` cannot be sent as `kind`, or `null` when it can. */
export function refusalOf(file: Pick<File, "size">, kind: MediaKind): FileRefusal | null {
  if (file.size === 0) return { code: "empty" };
  if (file.size > MEDIA_LIMITS[kind]) return { code: "too_large", limit: MEDIA_LIMITS[kind] };
  return null;
}

/** A size for people: "820 KB", "4,5 MB" (in the reader's language). */
export function formatBytes(bytes: number, language: string): string {
  const format = (value: number, digits: number) =>
    new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) return `${format(bytes, 0)} B`;
  if (bytes < MB) return `${format(bytes / 1024, 0)} KB`;
  return `${format(bytes / MB, 1)} MB`;
}

/** A duration as a player shows it: "0:07", "12:05". */
export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** How a voice note is recorded: Opus in OGG where the browser can; else Opus in WebM, moved into OGG afterwards. */
export function recordingFormat(isTypeSupported: (mime: string) => boolean): { mime: string; remux: boolean } | null {
  if (isTypeSupported("audio/ogg;codecs=opus")) return { mime: "audio/ogg;codecs=opus", remux: false };
  if (isTypeSupported("audio/webm;codecs=opus")) return { mime: "audio/webm;codecs=opus", remux: true };
  return null;
}
