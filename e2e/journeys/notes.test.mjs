// Notas internas (issue 18.2): an attendant switches the composer to "Nota interna" and writes a note; it shows as a
// yellow card in her thread and, without reloading, in another tab open on the conversation; the customer's phone
// never receives it; the contact's history keeps it. The same screens in English.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { choose, openConversation, screenshot } from "../lib/browser.mjs";
import { DORA, doraServesACustomer, eventually } from "../lib/fixtures.mjs";
import { PASSWORD } from "../lib/server.mjs";

const area = journeyArea();
const CUSTOMER = "+5511933330000";
const NOTE = "Cliente VIP: combinar a entrega por telefone.";

async function prepare() {
  const call = await area.api();
  const { channel } = await doraServesACustomer(call, {
    phone: CUSTOMER,
    name: "João Pereira",
    text: "Vocês entregam no sábado?",
  });
  return { call, channel };
}

test("an attendant writes a private note that the team sees live and the customer never receives", async () => {
  const { call, channel } = await prepare();
  const page = await area.pageAs(DORA.email, PASSWORD);
  const otherTab = await area.pageAs(DORA.email, PASSWORD);
  const thread = await openConversation(page, "João Pereira");
  const otherThread = await openConversation(otherTab, "João Pereira");
  await thread.getByText("Vocês entregam no sábado?").waitFor();

  await choose(page, "Nota interna");
  const box = page.getByLabel(
    "Nota interna: só a equipe vê, o cliente não recebe",
  );
  await box.fill(NOTE);
  await screenshot(page, "notes-01-composer");
  await page.getByRole("button", { name: "Adicionar nota" }).click();
  const card = thread.locator('[data-kind="note"]').filter({ hasText: NOTE });
  await card.waitFor();
  await card.getByText("Nota interna").waitFor();
  await card.getByText("Dora").waitFor();
  // The card may arrive over the WebSocket before the POST's answer that empties the composer.
  await eventually(
    async () => (await box.inputValue()) === "",
    "the composer is empty again",
  );
  await otherThread
    .locator('[data-kind="note"]')
    .filter({ hasText: NOTE })
    .waitFor();
  await screenshot(page, "notes-02-thread");

  // Back to answering: the answer reaches the phone, the note does not.
  await choose(page, "Responder");
  await page.getByLabel("Escreva uma mensagem").fill("Entregamos sim!");
  await page.getByRole("button", { name: "Enviar" }).click();
  const received = await eventually(async () => {
    const items = (
      await call("GET", `/simulator/channels/${channel.id}/received`)
    ).items;
    return items.length > 0 && items;
  }, "the answer delivered");
  assert.deepEqual(
    received.map((item) => item.text),
    ["Entregamos sim!"],
  );

  await page.getByRole("button", { name: "Contato" }).click();
  const drawer = page.getByRole("dialog", { name: "Contato" });
  await drawer.getByText(NOTE).waitFor();
  await drawer.getByText("📝 Nota interna").waitFor();
  await screenshot(page, "notes-03-contact-history");
  await page.close();
  await otherTab.close();
});

test("notes read in English", async () => {
  const page = await area.pageAs(DORA.email, PASSWORD);
  await page.getByRole("navigation").waitFor();
  await page.getByRole("button", { name: /^Sua conta/ }).click();
  await page.getByRole("menuitem", { name: "English" }).click();
  // Dora answered it: it is hers now.
  const thread = await openConversation(page, "João Pereira", "Mine");
  const card = thread.locator('[data-kind="note"]').filter({ hasText: NOTE });
  await card.getByText("Internal note").waitFor();
  await choose(page, "Internal note");
  await page
    .getByLabel(
      "Internal note: only the team sees it, the customer does not get it",
    )
    .fill("Ligar amanhã às 10h.");
  await screenshot(page, "en-notes-01-thread");
  await page.close();
});
