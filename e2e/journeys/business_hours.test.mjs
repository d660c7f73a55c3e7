// Canais › Horário de atendimento (issue 18.8): the administrator sets when a channel answers and the automatic
// answer outside those hours; a customer who writes while it is closed gets that answer once in the conversation,
// and the team sees it in the thread. The dialog reads the hours in the company's zone. The same dialog in English.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openConversation, openSettings, screenshot } from "../lib/browser.mjs";
import { connectedChannel, eventually, inbound } from "../lib/fixtures.mjs";

const area = journeyArea();
const CUSTOMER = "+5511966660000";
const AWAY =
  "Olá! Nosso atendimento funciona amanhã das 08:00 às 12:00. Deixe sua mensagem que respondemos assim que abrirmos.";
const ZONE = "America/Sao_Paulo";

/** Tomorrow in the company's zone: its weekday as the editor names it, and its date as the dialog writes it. */
function tomorrowInTheCompany(language) {
  const tomorrow = new Date(Date.now() + 24 * 3600 * 1000);
  const weekday = new Intl.DateTimeFormat(language, {
    weekday: "long",
    timeZone: ZONE,
  }).format(tomorrow);
  const date = new Intl.DateTimeFormat(language, {
    dateStyle: "short",
    timeZone: ZONE,
  }).format(tomorrow);
  return { weekday: weekday[0].toUpperCase() + weekday.slice(1), date };
}

test("the administrator sets a channel's business hours; a customer writing while it is closed is answered once", async () => {
  const call = await area.api();
  const channel = await connectedChannel(call, "WhatsApp Loja");
  const page = await area.pageAs();
  await openSettings(page, "Canais");
  await page.getByRole("button", { name: "Ações: WhatsApp Loja" }).click();
  await page.getByRole("menuitem", { name: "Horário de atendimento" }).click();
  const dialog = page.getByRole("dialog", {
    name: "Horário de atendimento de WhatsApp Loja",
  });
  await dialog.getByText("Aberto agora").waitFor();
  await dialog.getByLabel("Responder automaticamente fora do horário").check();
  // Only tomorrow is open: the channel is closed now, whatever the time of the run.
  const { weekday, date } = tomorrowInTheCompany("pt-BR");
  await dialog
    .getByRole("button", { name: `Adicionar intervalo em ${weekday}` })
    .click();
  await dialog.getByLabel(`Início do intervalo 1 de ${weekday}`).waitFor();
  await dialog.getByLabel("Resposta automática").fill(AWAY);
  await screenshot(page, "business-hours-01-dialog");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Horário de atendimento salvo.").waitFor();

  await page.getByRole("button", { name: "Ações: WhatsApp Loja" }).click();
  await page.getByRole("menuitem", { name: "Horário de atendimento" }).click();
  await dialog.getByText("Fechado agora").waitFor();
  await dialog.getByText(`abre em ${date}, 08:00 BRT`).waitFor();
  await screenshot(page, "business-hours-02-closed-now");
  await page.keyboard.press("Escape");

  await inbound(call, channel, CUSTOMER, "Oi, vocês abrem hoje?");
  const delivered = await eventually(async () => {
    const { items } = await call(
      "GET",
      `/simulator/channels/${channel.id}/received`,
    );
    return items.length > 0 && items;
  }, "the automatic answer delivered");
  assert.deepEqual(
    delivered.map((item) => item.text),
    [AWAY],
  );
  const thread = await openConversation(page, CUSTOMER);
  await thread.getByText(AWAY).waitFor();
  await inbound(call, channel, CUSTOMER, "Ok, obrigado!");
  await thread.getByText("Ok, obrigado!").waitFor();
  await screenshot(page, "business-hours-03-thread");
  const { items } = await call(
    "GET",
    `/simulator/channels/${channel.id}/received`,
  );
  assert.equal(items.length, 1, "once per conversation");
  await page.close();
});

test("business hours read in English", async () => {
  const page = await area.pageAs();
  await page.getByRole("navigation").waitFor();
  await page.getByRole("button", { name: /^Sua conta/ }).click();
  await page.getByRole("menuitem", { name: "English" }).click();
  await openSettings(page, "Channels", "Settings");
  await page.getByRole("button", { name: "Actions: WhatsApp Loja" }).click();
  await page.getByRole("menuitem", { name: "Business hours" }).click();
  const dialog = page.getByRole("dialog", {
    name: "Business hours of WhatsApp Loja",
  });
  await dialog.getByText("Closed now").waitFor();
  const { weekday } = tomorrowInTheCompany("en");
  await dialog.getByLabel(`Start of interval 1 on ${weekday}`).waitFor();
  await dialog.getByLabel("Automatic answer").waitFor();
  await screenshot(page, "en-business-hours-01-dialog");
  await page.close();
});
