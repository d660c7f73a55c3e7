// The webhook form's rules as pure functions, mirroring the API's (`backend/domain/src/webhook.rs`):
// what the SPA checks before sending, and the body it sends.
import type { Schemas } from "../../api/client";

export type WebhookEvent = Schemas["WebhookEvent"];
export type CreateWebhookRequest = Schemas["CreateWebhookRequest"];

/** Every event type a webhook may subscribe to, in the API's catalogue order. */
export const WEBHOOK_EVENTS: readonly WebhookEvent[] = [
  "message.created",
  "message.status",
  "message.updated",
  "conversation.updated",
  "channel.status",
  "group.updated",
  "group.removed",
  "presence.changed",
];

export const URL_MAX = 2048;
export const SECRET_MIN = 16;
export const SECRET_MAX = 256;

export interface WebhookValues {
  url: string;
  events: WebhookEvent[];
  /** Empty: the server generates one. */
  secret: string;
}

/** Keys of the texts in the `settings` namespace. */
export type WebhookProblem =
  "errors.url" | "errors.urlCredentials" | "errors.urlLong" | "errors.events" | "errors.secret";

function urlProblem(text: string): WebhookProblem | undefined {
  if (text.length > URL_MAX) return "errors.urlLong";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "errors.url";
  }
  if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) return "errors.url";
  if (url.username || url.password) return "errors.urlCredentials";
  return undefined;
}

function secretProblem(secret: string): WebhookProblem | undefined {
  if (!secret) return undefined;
  const length = [...secret].length;
  if (length < SECRET_MIN || length > SECRET_MAX || /\s/.test(secret)) return "errors.secret";
  return undefined;
}

export function webhookProblems(values: WebhookValues): Partial<Record<keyof WebhookValues, WebhookProblem>> {
  const problems: Partial<Record<keyof WebhookValues, WebhookProblem>> = {};
  const url = urlProblem(values.url.trim());
  if (url) problems.url = url;
  if (values.events.length === 0) problems.events = "errors.events";
  const secret = secretProblem(values.secret);
  if (secret) problems.secret = secret;
  return problems;
}

/** The request body: the URL trimmed, events in catalogue order, no secret when left empty. */
export function webhookRequest(values: WebhookValues): CreateWebhookRequest {
  const events = WEBHOOK_EVENTS.filter((event) => values.events.includes(event));
  return { url: values.url.trim(), events, ...(values.secret ? { secret: values.secret } : {}) };
}
