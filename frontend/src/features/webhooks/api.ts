import { type Schemas, api, unwrap } from "../../api/client";
import { useAreaMutation } from "../../lib/mutations";
import { usePagedList } from "../../lib/pages";
import { keys } from "../../lib/queryKeys";

export type Webhook = Schemas["Webhook"];
export type WebhookDelivery = Schemas["WebhookDelivery"];

export function useWebhooks() {
  return usePagedList(keys.webhooks, (cursor) =>
    unwrap(api.GET("/api/v1/webhooks", { params: { query: { cursor } } })),
  );
}

export function useCreateWebhook() {
  return useAreaMutation("webhooks", (body: Schemas["CreateWebhookRequest"]) =>
    unwrap(api.POST("/api/v1/webhooks", { body })),
  );
}

export function useDeleteWebhook() {
  return useAreaMutation("webhooks", (id: string) =>
    unwrap(api.DELETE("/api/v1/webhooks/{id}", { params: { path: { id } } })),
  );
}

export function useTestWebhook() {
  return useAreaMutation("webhooks", (id: string) =>
    unwrap(api.POST("/api/v1/webhooks/{id}/test", { params: { path: { id } } })),
  );
}

/** Refreshed every 2 s while a delivery is still queued (retries move it on their own). */
export function useWebhookDeliveries(id: string) {
  return usePagedList(
    [...keys.webhooks, id, "deliveries"],
    (cursor) => unwrap(api.GET("/api/v1/webhooks/{id}/deliveries", { params: { path: { id }, query: { cursor } } })),
    { pollEvery: (items) => (items.some((delivery) => delivery.status === "queued") ? 2000 : false) },
  );
}
