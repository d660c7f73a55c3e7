// A small stand-in for Meta's Graph API, for journeys with a Cloud API channel: the server is started with
// BLOCOPRO_CLOUD_API_BASE_URL pointing here. It answers the number's profile (what a channel's connect asks), lists
// the WhatsApp Business Account's message templates, takes file uploads to the number's /media and the
// /messages sends, and records what it was sent; and it signs webhook deliveries as Meta does.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";

import { CLOUD_API } from "./fixtures.mjs";

/** The WhatsApp Business Account whose templates the fake lists. */
export const WABA_ID = "102290129340398";

function json(response, status, body) {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function bodyOf(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Starts the fake with `templates` (as Meta lists them); `sent` holds every /messages payload, `uploads` the size
 * and type of every file uploaded; `stop()` ends it. */
export async function startGraphFake(templates) {
  const sent = [];
  const uploads = [];
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, "http://graph.fake");
    // /{version}/{object}[/{edge}]
    const [, object, edge] = url.pathname.split("/").filter(Boolean);
    if (request.headers.authorization !== `Bearer ${CLOUD_API.access_token}`)
      return json(response, 401, {
        error: {
          message: "Invalid OAuth access token",
          type: "OAuthException",
          code: 190,
        },
      });
    if (
      request.method === "GET" &&
      object === CLOUD_API.phone_number_id &&
      !edge
    )
      return json(response, 200, {
        display_phone_number: "+55 11 4000-1234",
        verified_name: "Padaria Pão Quente",
        id: CLOUD_API.phone_number_id,
      });
    if (
      request.method === "GET" &&
      object === WABA_ID &&
      edge === "message_templates"
    )
      return json(response, 200, {
        data: templates,
        paging: { cursors: { before: "0", after: "0" } },
      });
    if (
      request.method === "POST" &&
      object === CLOUD_API.phone_number_id &&
      edge === "media"
    ) {
      const bytes = await bodyOf(request);
      uploads.push({
        size: bytes.length,
        type: request.headers["content-type"],
      });
      return json(response, 200, { id: `media.${uploads.length}` });
    }
    if (
      request.method === "POST" &&
      object === CLOUD_API.phone_number_id &&
      edge === "messages"
    ) {
      const payload = JSON.parse((await bodyOf(request)).toString("utf8"));
      sent.push(payload);
      return json(response, 200, {
        messaging_product: "whatsapp",
        contacts: [{ input: payload.to, wa_id: payload.to }],
        messages: [{ id: `wamid.FAKE.${sent.length}` }],
      });
    }
    json(response, 404, {
      error: {
        message: `no ${request.method} ${url.pathname} here`,
        code: 100,
      },
    });
  });
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}`,
    sent,
    uploads,
    stop: () => new Promise((done) => server.close(done)),
  };
}

/** Posts `payload` to the channel's webhook signed with the app secret, as Meta delivers. */
export async function deliverWebhook(base, channelId, payload) {
  const body = JSON.stringify(payload);
  const signature = createHmac("sha256", CLOUD_API.app_secret)
    .update(body)
    .digest("hex");
  const response = await fetch(
    `${base}/api/v1/webhooks/whatsapp-cloud/${channelId}`,
    {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-hub-signature-256": `sha256=${signature}`,
      },
      body,
    },
  );
  if (!response.ok)
    throw new Error(
      `webhook delivery: ${response.status} ${await response.text()}`,
    );
}

/** A text the customer `from` (digits only) wrote at `at` (a Date), as Meta's webhook carries it. */
export function customerText(from, name, text, at) {
  return {
    object: "whatsapp_business_account",
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: {
                display_phone_number: "551140001234",
                phone_number_id: CLOUD_API.phone_number_id,
              },
              contacts: [{ profile: { name }, wa_id: from }],
              messages: [
                {
                  from,
                  id: `wamid.CUSTOMER.${at.getTime()}`,
                  timestamp: String(Math.floor(at.getTime() / 1000)),
                  type: "text",
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}
