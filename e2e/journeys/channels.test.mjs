// Canais: adding a QR channel (live QR Code, connected once scanned) and a Cloud API channel.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { addCloudChannel, openSettings, screenshot } from "../lib/browser.mjs";
import { CLOUD_API } from "../lib/fixtures.mjs";

const area = journeyArea();

test("the administrator adds a QR channel, sees its QR Code and it connects once scanned", async () => {
  const page = await area.pageAs();
  await openSettings(page, "Canais");
  await page.getByText("Nenhum canal ainda").waitFor();
  await screenshot(page, "02-channels-empty");

  await page.getByRole("button", { name: "Adicionar canal" }).click();
  await page.getByLabel("Nome do canal").fill("WhatsApp Vendas");
  await page.getByText("Simulador", { exact: true }).click();
  await screenshot(page, "03-channel-add");
  await page.getByRole("button", { name: "Adicionar", exact: true }).click();
  const row = page.getByTestId("channel-WhatsApp Vendas");
  await row.getByText("Desconectado").waitFor();

  await row.getByRole("button", { name: "Conectar" }).click();
  await page.getByAltText("QR Code para conectar o WhatsApp").waitFor();
  await page.getByText(/O código se renova em \d+ s/).waitFor();
  await screenshot(page, "04-channel-qr");
  await page
    .getByRole("button", { name: "Simular leitura (simulador)" })
    .click();
  await page.getByText("Canal WhatsApp Vendas conectado!").waitFor();
  await row.getByText("Conectado", { exact: true }).waitFor();
  assert.match(
    await row.innerText(),
    /\+55\d{10,11}/,
    "the connected number is shown",
  );

  await addCloudChannel(page, "API oficial", CLOUD_API);
  const url = await page.getByLabel("URL").inputValue();
  assert.match(url, /\/api\/v1\/webhooks\/whatsapp-cloud\/[0-9a-f-]{36}$/);
  await screenshot(page, "05-channel-webhook");
  await page.keyboard.press("Escape");
  await screenshot(page, "06-channels");
  await page.close();
});
