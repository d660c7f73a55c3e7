// Respostas rápidas (issue 18.1): an attendant finds the company's reply in Configurações, adds one of her own,
// and in Chat types `/` to pick one with the keyboard: the reply goes in filled with the customer's first name and
// her own name. The same screens in English.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openConversation, openSettings, screenshot } from "../lib/browser.mjs";
import { DORA, doraServesACustomer, eventually } from "../lib/fixtures.mjs";
import { PASSWORD } from "../lib/server.mjs";

const area = journeyArea();
const CUSTOMER = "+5511944440000";

/** The company's greeting, an attendant who answers on the channel, and a customer who wrote. */
async function prepare() {
  const call = await area.api();
  await call("POST", "/quick-replies", {
    shortcut: "saudacao",
    text: "Olá {{primeiro_nome}}! Sou {{nome_atendente}}, como posso ajudar?",
  });
  const { channel } = await doraServesACustomer(call, {
    phone: CUSTOMER,
    name: "Maria Souza",
    text: "Oi, qual o prazo de entrega?",
  });
  return { call, channel };
}

test("an attendant adds her own quick reply and inserts replies in Chat with `/` and the keyboard", async () => {
  const { call, channel } = await prepare();
  const page = await area.pageAs(DORA.email, PASSWORD);

  await openSettings(page, "Respostas rápidas");
  await page.getByText("/saudacao").waitFor();
  await page.getByText(/Só quem tem a permissão/).waitFor();
  await page.getByRole("button", { name: "Nova resposta" }).click();
  const dialog = page.getByRole("dialog", { name: "Nova resposta rápida" });
  await dialog.getByLabel("Atalho").fill("prazo");
  await dialog.getByLabel("Texto").fill("Entregamos em até 2 dias úteis, ");
  await dialog
    .getByRole("button", { name: "Inserir primeiro nome do contato" })
    .click();
  await dialog.getByLabel("Texto").press("End");
  await dialog.getByLabel("Texto").type(".");
  await screenshot(page, "qr-01-new-reply");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await dialog.waitFor({ state: "hidden" });
  await page.getByText("/prazo").waitFor();
  await screenshot(page, "qr-02-settings");

  // A second reply with the same shortcut is refused by name.
  await page.getByRole("button", { name: "Nova resposta" }).click();
  await dialog.getByLabel("Atalho").fill("prazo");
  await dialog.getByLabel("Texto").fill("Outro texto");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await dialog.getByText("Já existe uma resposta com este atalho.").waitFor();
  await dialog.getByRole("button", { name: "Cancelar" }).click();

  await openConversation(page, "Maria Souza");
  const box = page.getByLabel("Escreva uma mensagem");
  await box.fill("/");
  const menu = page.getByRole("listbox", { name: "Respostas rápidas" });
  await menu.getByRole("option", { name: /\/prazo/ }).waitFor();
  await menu.getByRole("option", { name: /\/saudacao/ }).waitFor();
  await box.type("sau");
  await eventually(
    async () => (await menu.getByRole("option").count()) === 1,
    "only /saudacao left",
  );
  await screenshot(page, "qr-03-chat-menu");
  await box.press("Enter");
  assert.equal(
    await box.inputValue(),
    "Olá Maria! Sou Dora, como posso ajudar?",
  );
  await page.getByRole("button", { name: "Enviar" }).click();
  await page
    .locator('[aria-live="polite"]')
    .getByText("Olá Maria! Sou Dora, como posso ajudar?")
    .waitFor();

  // The arrows move through the list; Escape closes it and leaves the text as typed.
  await box.fill("Certo! /");
  // The list highlights its first reply once its options are in; an arrow pressed before is lost.
  await menu.getByRole("option", { selected: true }).waitFor();
  await box.press("ArrowDown");
  await eventually(
    async () =>
      (
        await menu.getByRole("option", { selected: true }).textContent()
      )?.includes("/saudacao"),
    "the second reply highlighted",
  );
  await box.press("ArrowUp");
  await box.press("Enter");
  assert.equal(
    await box.inputValue(),
    "Certo! Entregamos em até 2 dias úteis, Maria.",
  );
  await box.fill("/nada");
  await page.getByText("Nenhuma resposta rápida com “/nada”.").waitFor();
  await box.press("Escape");
  await page.getByTestId("quick-reply-menu").waitFor({ state: "hidden" });
  assert.equal(await box.inputValue(), "/nada");

  await eventually(
    async () =>
      (
        await call("GET", `/simulator/channels/${channel.id}/received`)
      ).items.some(
        (item) => item.text === "Olá Maria! Sou Dora, como posso ajudar?",
      ),
    "the customer received the filled reply",
  );
  await page.close();
});

test("the quick replies read in English", async () => {
  const page = await area.pageAs(DORA.email, PASSWORD);
  await page.getByRole("navigation").waitFor();
  await page.getByRole("button", { name: /^Sua conta/ }).click();
  await page.getByRole("menuitem", { name: "English" }).click();
  await openSettings(page, "Quick replies", "Settings");
  await page.getByText("Company-wide").waitFor();
  await page.getByText("/prazo").waitFor();
  await screenshot(page, "en-qr-01-settings");
  // Dora answered it: it is hers now.
  await openConversation(page, "Maria Souza", "Mine");
  await page.getByLabel("Write a message").fill("/");
  await page.getByRole("listbox", { name: "Quick replies" }).waitFor();
  await screenshot(page, "en-qr-02-chat-menu");
  await page.close();
});
