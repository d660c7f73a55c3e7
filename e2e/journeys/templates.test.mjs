// WhatsApp templates (issue 16): the administrator adds a Cloud API channel (a Graph API fake stands in for Meta),
// connects it and syncs its templates; a customer who last wrote more than 24 hours ago has a closed window, so the
// composer offers the template picker; the attendant fills the header's variable, the body's and the tracking
// link's end, sends, and Meta receives the template with its components.
import assert from "node:assert/strict";
import { after, test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openFromMenu, openSettings, screenshot } from "../lib/browser.mjs";
import { CLOUD_API, eventually } from "../lib/fixtures.mjs";
import {
  WABA_ID,
  customerText,
  deliverWebhook,
  startGraphFake,
} from "../lib/graph_fake.mjs";

const CUSTOMER = "5511966660000";
const HOUR = 3_600_000;

/** The account's templates, as Meta lists them: one with a text header, buttons and variables; one without. */
const TEMPLATES = [
  {
    name: "pedido_enviado",
    language: "pt_BR",
    status: "APPROVED",
    category: "UTILITY",
    id: "1",
    components: [
      { type: "HEADER", format: "TEXT", text: "Pedido {{1}}" },
      {
        type: "BODY",
        text: "Olá {{1}}, seu pedido saiu para entrega e chega {{2}}.",
      },
      { type: "FOOTER", text: "Padaria Pão Quente" },
      {
        type: "BUTTONS",
        buttons: [
          {
            type: "URL",
            text: "Rastrear pedido",
            url: "https://padaria.test/rastreio/{{1}}",
          },
          { type: "QUICK_REPLY", text: "Falar com alguém" },
        ],
      },
    ],
  },
  {
    name: "boas_vindas",
    language: "pt_BR",
    status: "APPROVED",
    category: "MARKETING",
    id: "2",
    components: [{ type: "BODY", text: "Bem-vindo à Padaria Pão Quente!" }],
  },
];

let graph;
const area = journeyArea({
  env: async () => {
    graph = await startGraphFake(TEMPLATES);
    return { BLOCOPRO_CLOUD_API_BASE_URL: graph.baseUrl };
  },
});
after(() => graph?.stop());

/** Adds the Cloud API channel through "Adicionar canal", with its WhatsApp Business Account id. */
async function addCloudChannel(page, name) {
  await page.getByRole("button", { name: "Adicionar canal" }).click();
  await page.getByLabel("Nome do canal").fill(name);
  await page.getByText("API oficial (Cloud API)", { exact: true }).click();
  await page
    .getByLabel("ID do número de telefone (phone_number_id)")
    .fill(CLOUD_API.phone_number_id);
  await page.getByLabel("Token de acesso").fill(CLOUD_API.access_token);
  await page
    .getByLabel("Chave secreta do app (app secret)")
    .fill(CLOUD_API.app_secret);
  await page
    .getByLabel("Token de verificação do webhook")
    .fill(CLOUD_API.verify_token);
  await page
    .getByLabel("ID da conta WhatsApp Business (opcional)")
    .fill(WABA_ID);
  await page.getByRole("button", { name: "Adicionar", exact: true }).click();
  await page.getByText("Webhook do canal").waitFor();
  await page.keyboard.press("Escape");
}

test("a closed window offers the templates; the attendant fills header, body and button and Meta receives them", async () => {
  const page = await area.pageAs();
  await openSettings(page, "Canais");
  await addCloudChannel(page, "API oficial");
  const row = page.getByRole("row").filter({ hasText: "API oficial" });
  await row.getByRole("button", { name: "Conectar" }).click();
  await row.getByText("Conectado", { exact: true }).waitFor();

  await row.getByRole("button", { name: "Ações: API oficial" }).click();
  await page.getByRole("menuitem", { name: "Modelos de mensagem" }).click();
  await page.getByRole("button", { name: "Sincronizar modelos" }).click();
  await page.getByText("2 modelos sincronizados (2 aprovados).").waitFor();
  await page.getByRole("dialog").getByText("pedido_enviado").waitFor();
  await screenshot(page, "36-channel-templates-synced");
  await page.keyboard.press("Escape");

  const call = await area.api();
  const channel = (await call("GET", "/channels")).items.find(
    (each) => each.name === "API oficial",
  );
  const wroteAt = new Date(Date.now() - 26 * HOUR);
  await deliverWebhook(
    area.server.base,
    channel.id,
    customerText(CUSTOMER, "Maria", "Cadê meu pedido?", wroteAt),
  );

  await openFromMenu(page, "Chat");
  await page.getByRole("listitem").filter({ hasText: "Maria" }).first().click();
  await page.getByText(/A janela de 24 h fechou em /).waitFor();
  assert.equal(
    await page.getByRole("textbox", { name: "Escreva uma mensagem" }).count(),
    0,
    "no free text",
  );
  const form = page.getByRole("form", { name: "Enviar um modelo aprovado" });
  await form.getByLabel("Modelo aprovado").click();
  await page.getByRole("option", { name: "pedido_enviado (pt_BR)" }).click();
  await form.getByLabel("Variável do cabeçalho 1").fill("#4521");
  await form.getByLabel("Variável 1").fill("Maria");
  await form.getByLabel("Variável 2").fill("hoje à tarde");
  await form
    .getByLabel("Final do link do botão “Rastrear pedido”")
    .fill("BR4521");
  const preview = page.getByTestId("template-preview");
  await preview.getByText("Pedido #4521").waitFor();
  await preview
    .getByText("Olá Maria, seu pedido saiu para entrega e chega hoje à tarde.")
    .waitFor();
  await screenshot(page, "37-chat-template-picker");
  await form.getByRole("button", { name: "Enviar modelo" }).click();

  const payload = await eventually(
    () => graph.sent[0],
    "Meta receiving the template",
  );
  assert.deepEqual(payload, {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: CUSTOMER,
    type: "template",
    template: {
      name: "pedido_enviado",
      language: { code: "pt_BR" },
      components: [
        { type: "header", parameters: [{ type: "text", text: "#4521" }] },
        {
          type: "body",
          parameters: [
            { type: "text", text: "Maria" },
            { type: "text", text: "hoje à tarde" },
          ],
        },
        {
          type: "button",
          sub_type: "url",
          index: "0",
          parameters: [{ type: "text", text: "BR4521" }],
        },
      ],
    },
  });
  const thread = page.locator('[aria-live="polite"]');
  const sent = thread
    .locator('[id^="message-"]')
    .filter({ hasText: "Pedido #4521" });
  await sent
    .getByText(
      "Olá Maria, seu pedido saiu para entrega e chega hoje à tarde.",
      { exact: false },
    )
    .waitFor();
  await screenshot(page, "38-chat-template-sent");

  await page.getByRole("button", { name: /^Sua conta/ }).click();
  await page.getByRole("menuitem", { name: "English" }).click();
  await page.getByText(/The 24-hour window closed at /).waitFor();
  const english = page.getByRole("form", { name: "Send an approved template" });
  await english.getByLabel("Approved template").click();
  await page.getByRole("option", { name: "pedido_enviado (pt_BR)" }).click();
  await english.getByLabel("Header variable 1").waitFor();
  await screenshot(page, "en-37-chat-template-picker");
  await page.close();
});
