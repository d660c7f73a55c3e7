// The file being attached to the next message: chosen by button, dropped, pasted or recorded; checked
// against WhatsApp's limits before anything is sent; uploaded with progress, and cancellable.
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { type ClipboardEvent, type DragEvent, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { type UploadedMedia, type Upload, mediaKey, uploadMedia } from "../api";
import { type MediaKind, formatBytes, kindOfFile, refusalOf } from "../limits";

export interface Attached {
  file: File;
  /** Set for a recording, whose kind is decided by how it was recorded. */
  recorded?: MediaKind;
}

export function useAttachment() {
  const { t, i18n } = useTranslation("messages");
  const queryClient = useQueryClient();
  const [attached, setAttached] = useState<Attached | null>(null);
  const [asDocument, setAsDocument] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);
  const upload = useRef<Upload | null>(null);

  /** What the file goes as unless sent as a document. */
  const naturalKind: MediaKind | null = attached ? (attached.recorded ?? kindOfFile(attached.file)) : null;
  const kind: MediaKind | null = naturalKind && (asDocument ? "document" : naturalKind);
  const previewUrl = useMemo(() => (attached ? URL.createObjectURL(attached.file) : null), [attached]);
  useEffect(() => () => void (previewUrl && URL.revokeObjectURL(previewUrl)), [previewUrl]);

  /** Why `file` cannot go as `as`, in words, or null. */
  const refusalText = (file: File, as: MediaKind): string | null => {
    const refused = refusalOf(file, as);
    if (!refused) return null;
    if (refused.code === "empty") return t("composer.empty", { name: file.name });
    return t("composer.tooLarge", {
      name: file.name,
      size: formatBytes(file.size, i18n.language),
      kind: t(`kindPlural.${as}`),
      limit: formatBytes(refused.limit, i18n.language),
    });
  };

  const attach = (files: File[] | FileList | null, recorded?: MediaKind) => {
    const list = Array.from(files ?? []);
    if (list.length === 0) return;
    if (list.length > 1) {
      notifications.show({ color: "yellow", message: t("composer.oneAtATime") });
      return;
    }
    const file = list[0]!;
    setAsDocument(false);
    setRefusal(refusalText(file, recorded ?? kindOfFile(file)));
    setAttached({ file, recorded });
  };

  const clear = () => {
    upload.current?.cancel();
    upload.current = null;
    setAttached(null);
    setRefusal(null);
    setProgress(null);
    setAsDocument(false);
  };

  /** Uploads the attached file; settles with the stored media (rejects when refused, failed or cancelled). */
  const send = async (): Promise<UploadedMedia> => {
    if (!attached || !kind) throw new Error("nothing attached");
    const started = uploadMedia(attached.file, kind, setProgress);
    upload.current = started;
    setProgress(0);
    try {
      const stored = await started.done;
      // The thread shows the sent file from these bytes instead of fetching them back.
      queryClient.setQueryData(mediaKey(stored.id), URL.createObjectURL(attached.file));
      return stored;
    } finally {
      upload.current = null;
      setProgress(null);
    }
  };

  const chooseAsDocument = (value: boolean) => {
    setAsDocument(value);
    if (attached) setRefusal(refusalText(attached.file, kindOfFile(attached.file, value)));
  };

  const dropProps = {
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes("Files")) return;
      event.preventDefault();
      setDragging(true);
    },
    // Fired for each child left too: only leaving the area itself ends the drag over it.
    onDragLeave: (event: DragEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
    },
    onDrop: (event: DragEvent) => {
      if (event.dataTransfer.files.length === 0) return;
      event.preventDefault();
      setDragging(false);
      attach(event.dataTransfer.files);
    },
  };

  /** A picture pasted from the clipboard is attached instead of pasted as text. */
  const onPaste = (event: ClipboardEvent) => {
    const files = Array.from(event.clipboardData.files);
    if (files.length === 0) return;
    event.preventDefault();
    attach(files);
  };

  return {
    attached,
    kind,
    naturalKind,
    previewUrl,
    asDocument,
    refusal,
    progress,
    uploading: progress !== null,
    dragging,
    attach,
    clear,
    send,
    chooseAsDocument,
    dropProps,
    onPaste,
  };
}

export type Attachment = ReturnType<typeof useAttachment>;
