// Rich messages' calls: the bytes of a message's media, uploads with progress, sending with media or a reply,
// and reactions.
import { type QueryClient, useQuery, useQueryClient } from "@tanstack/react-query";

import { ApiProblem, type Problem, type Schemas, api, apiBaseUrl, unwrap } from "../../api/client";
import { accessToken } from "../../app/session";
import { useAreaMutation } from "../../lib/mutations";
import { usePagedList } from "../../lib/pages";
import { keys } from "../../lib/queryKeys";
import type { MediaKind } from "./limits";
import { saveFile } from "../../lib/download";

export type Message = Schemas["ChannelMessage"];
export type Media = Schemas["Media"];

/** A message a search found: its conversation, when it was sent, and the snippet to show. */
export type FoundMessage = Schemas["FoundMessage"];
export type SnippetPart = Schemas["SnippetPart"];

/** The shortest search the server takes. */
export const MIN_SEARCH_CHARS = 2;

/** The messages of every conversation the reader sees that hold `q` (trimmed, at least `MIN_SEARCH_CHARS`
 * characters), newest first. */
export function useMessageSearch(q: string) {
  return usePagedList([...keys.conversations, "message-search", q], (cursor) =>
    unwrap(api.GET("/api/v1/messages/search", { params: { query: { q, cursor, limit: 20 } } })),
  );
}

/** What `POST /api/v1/media` answers (201). */
export type UploadedMedia = Schemas["UploadedMedia"];

/** The body of `POST /api/v1/conversations/{id}/messages` (`text` is the caption when there is media). */
export type SendMessageBody = Schemas["SendMessageRequest"];

/** Each message carries its own Idempotency-Key, so a retried click never sends it twice. */
export function useSendMessage(conversationId: string) {
  return useAreaMutation("conversations", ({ body, key }: { body: SendMessageBody; key: string }) =>
    unwrap(
      api.POST("/api/v1/conversations/{id}/messages", {
        params: { path: { id: conversationId }, header: { "Idempotency-Key": key } },
        body,
      }),
    ),
  );
}

/** Writes a private note ("Nota interna") in the conversation: the team sees it, WhatsApp never does. */
export function useWriteNote(conversationId: string) {
  return useAreaMutation("conversations", (text: string) =>
    unwrap(api.POST("/api/v1/conversations/{id}/notes", { params: { path: { id: conversationId } }, body: { text } })),
  );
}

/** Reacts to a message with `emoji`; an empty emoji takes the reaction back. */
export function useReact(conversationId: string) {
  return useAreaMutation("conversations", ({ messageId, emoji }: { messageId: string; emoji: string }) =>
    unwrap(
      api.POST("/api/v1/conversations/{id}/messages/{message_id}/reactions", {
        params: { path: { id: conversationId, message_id: messageId } },
        body: { emoji },
      }),
    ),
  );
}

/** An upload under way: `done` settles with the stored media; `cancel` stops it. */
export interface Upload {
  done: Promise<UploadedMedia>;
  cancel: () => void;
}

function problemOfXhr(request: XMLHttpRequest): Problem {
  try {
    const problem = JSON.parse(request.responseText) as Problem;
    if (problem && typeof problem.code === "string") return problem;
  } catch {
    // not problem+json: described below
  }
  return { type: "about:blank", title: "Error", status: request.status, detail: "", code: "unexpected" };
}

/** Sends `file` to `POST /api/v1/media` as `kind`, telling `onProgress` the fraction sent (0–1). */
export function uploadMedia(file: File, kind: MediaKind, onProgress: (fraction: number) => void): Upload {
  const request = new XMLHttpRequest();
  let cancelled = false;
  const done = accessToken().then(
    (token) =>
      new Promise<UploadedMedia>((resolve, reject) => {
        if (cancelled) return reject(new DOMException("cancelled", "AbortError"));
        request.open("POST", `${apiBaseUrl}/api/v1/media?kind=${kind}`);
        if (token) request.setRequestHeader("Authorization", `Bearer ${token}`);
        request.upload.onprogress = (event) => {
          if (event.lengthComputable) onProgress(event.loaded / event.total);
        };
        request.onload = () => {
          if (request.status >= 200 && request.status < 300) {
            onProgress(1);
            resolve(JSON.parse(request.responseText) as UploadedMedia);
          } else reject(new ApiProblem(problemOfXhr(request)));
        };
        request.onerror = () => reject(new TypeError("network"));
        request.onabort = () => reject(new DOMException("cancelled", "AbortError"));
        const form = new FormData();
        form.append("file", file, file.name);
        request.send(form);
      }),
  );
  return {
    done,
    cancel: () => {
      cancelled = true;
      request.abort();
    },
  };
}

export const mediaKey = (id: string) => ["media", id] as const;

/** The bytes of a stored media file (fetched with the session's token, like every call). */
export function fetchMedia(id: string): Promise<Blob> {
  return unwrap(api.GET("/api/v1/media/{id}", { params: { path: { id } }, parseAs: "blob" })) as Promise<Blob>;
}

// Object URLs hold their bytes until revoked: revoked when the cache lets the file go.
const revoking = new WeakSet<QueryClient>();
function revokeWhenRemoved(client: QueryClient) {
  if (revoking.has(client)) return;
  revoking.add(client);
  client.getQueryCache().subscribe((event) => {
    const url = event.query.state.data;
    if (event.type === "removed" && event.query.queryKey[0] === "media" && typeof url === "string") {
      URL.revokeObjectURL(url);
    }
  });
}

/** An object URL for a stored file, fetched once `enabled` (e.g. when it scrolls into view). */
export function useMediaUrl(media: Media | null | undefined, enabled = true) {
  const client = useQueryClient();
  revokeWhenRemoved(client);
  const id = media?.id ?? "";
  return useQuery({
    queryKey: mediaKey(id),
    queryFn: async () => URL.createObjectURL(await fetchMedia(id)),
    enabled: enabled && media?.state === "stored",
    // The bytes of a media id never change.
    staleTime: Infinity,
    gcTime: 5 * 60_000,
  });
}

/** Saves a stored file under its original name. */
export async function downloadMedia(media: Media, fallbackName: string): Promise<void> {
  saveFile(await fetchMedia(media.id), media.file_name || fallbackName);
}
