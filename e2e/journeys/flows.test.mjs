// Canais › Fluxo de atendimento: a channel's greeting menu, as a new contact meets it in Chat.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openFromMenu, openSettings, screenshot } from "../lib/browser.mjs";
import {
  DORA,
  addAttendant,
  connectedChannel,
  eventually,
  inbound,
} from "../lib/fixtures.mjs";

const area = journeyArea();

test("the administrator sets a channel's greeting flow, and a new contact gets the menu and is routed by the answer", async () => {
  const call = await area.api();
  const billing = await call("POST", "/departments", { name: "Cobrança" });
  const channel = await connectedChannel(call, "WhatsApp Vendas");
  const dora = await addAttendant(call, DORA, { channels: [channel] });

  const page = await area.pageAs();
  await openSettings(page, "Canais");
  await page.getByRole("button", { name: "Ações: WhatsApp Vendas" }).click();
  await page.getByRole("menuitem", { name: "Fluxo de atendimento" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Enviar o menu a contatos novos").check();
  await dialog
    .getByLabel("Saudação")
    .fill("Olá! Você falou com a Padaria. Escolha uma opção:");
  await dialog.getByRole("button", { name: "Adicionar opção" }).click();
  await dialog
    .getByRole("textbox", { name: "Opção 1" })
    .fill("Boletos e pagamentos");
  await dialog.getByRole("combobox", { name: "Departamento" }).click();
  await page.getByRole("option", { name: "Cobrança" }).click();
  await dialog.getByText("1 - Boletos e pagamentos").waitFor();
  await screenshot(page, "27-channel-flow");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Fluxo salvo.").waitFor();

  const contact = "+5511955550001";
  const say = (text) => inbound(call, channel, contact, text);
  await say("Oi, preciso da segunda via do boleto");
  await openFromMenu(page, "Chat");
  await page.getByRole("listitem").filter({ hasText: contact }).click();
  const thread = page.locator('[aria-live="polite"]');
  await thread.getByText("1 - Boletos e pagamentos").waitFor();
  await screenshot(page, "28-chat-flow-menu");
  await say("1");
  const routed = await eventually(async () => {
    const listed = await call("GET", "/conversations");
    const conversation = listed.items.find((item) => item.chat_id === contact);
    return conversation.department_id === billing.id && conversation;
  }, "the answer routes the conversation to Cobrança");
  assert.equal(routed.awaiting_choice, false);

  await page.getByRole("button", { name: "Contato" }).click();
  const drawer = page.getByRole("dialog");
  await drawer.getByText("Histórico").waitFor();
  await drawer.getByText("Oi, preciso da segunda via do boleto").waitFor();
  await screenshot(page, "29-chat-contact");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Transferir" }).click();
  const transfer = page.getByRole("dialog");
  await transfer.getByRole("combobox", { name: "Atendente" }).click();
  await page.getByRole("option", { name: "Dora" }).first().click();
  await screenshot(page, "30-chat-transfer");
  await transfer.getByRole("button", { name: "Transferir" }).click();
  await transfer.waitFor({ state: "hidden" });
  const moved = (await call("GET", "/conversations")).items.find(
    (item) => item.chat_id === contact,
  );
  assert.equal(moved.assigned_to, dora.id, "transferred to Dora");
  await page.close();
});
