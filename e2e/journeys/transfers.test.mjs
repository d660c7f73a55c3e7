// Transferir com nota (issue 18.6): the administrator transfers a customer's conversation to Dora with a note; the
// thread shows the transfer and the note, and Dora, on another screen, is notified and finds them in her
// conversation. The same screens in English.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openConversation, openFromMenu, screenshot } from "../lib/browser.mjs";
import { DORA, doraServesACustomer, eventually } from "../lib/fixtures.mjs";
import { PASSWORD } from "../lib/server.mjs";

const area = journeyArea();
const NOTE = "Já confirmei o CPF; falta só enviar a 2ª via do boleto.";

/** Keeps the titles of the browser notifications the page shows (a headless browser shows none). */
function recordNotifications() {
  window.shownNotifications = [];
  const Real = window.Notification;
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      window.shownNotifications.push(title);
    }
  }
  Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
  window.Notification = Recorded;
}

test("the administrator transfers a conversation to Dora with a note; Dora is notified and reads it", async () => {
  const call = await area.api();
  await doraServesACustomer(call, {
    phone: "+5511966661111",
    name: "Paula Reis",
    text: "Preciso da 2ª via do boleto",
  });
  const dora = await area.pageAs(DORA.email, PASSWORD, {
    permissions: ["notifications"],
  });
  await dora.getByRole("navigation").waitFor();
  await dora.addInitScript(recordNotifications);
  await dora.reload();
  await openFromMenu(dora, "Contatos");

  const admin = await area.pageAs();
  const thread = await openConversation(admin, "Paula Reis");
  await admin.getByRole("button", { name: "Transferir" }).click();
  const dialog = admin.getByRole("dialog");
  await dialog.getByRole("combobox", { name: "Atendente" }).click();
  await admin.getByRole("option", { name: "Dora" }).first().click();
  await dialog.getByLabel("Nota para quem recebe (opcional)").fill(NOTE);
  await screenshot(admin, "transfers-01-dialog");
  await dialog.getByRole("button", { name: "Transferir" }).click();
  await dialog.waitFor({ state: "hidden" });
  const event = thread.locator('[data-kind="transfer"]');
  await event.getByText("Administrador transferiu para Dora").waitFor();
  await event.getByText(`“${NOTE}”`).waitFor();
  await screenshot(admin, "transfers-02-thread");

  await eventually(
    async () =>
      (await dora.evaluate(() => window.shownNotifications)).includes(
        "Administrador transferiu uma conversa para você",
      ),
    "Dora notified",
  );
  assert.equal(await dora.title(), "(1) BlocoPro");
  const hers = await openConversation(dora, "Paula Reis", "Minhas");
  await hers.getByText(`“${NOTE}”`).waitFor();
  await screenshot(dora, "transfers-03-received");
  await admin.close();
  await dora.close();
});

test("a transfer reads in English", async () => {
  const page = await area.pageAs(DORA.email, PASSWORD);
  await page.getByRole("navigation").waitFor();
  await page.getByRole("button", { name: /^Sua conta/ }).click();
  await page.getByRole("menuitem", { name: "English" }).click();
  const thread = await openConversation(page, "Paula Reis", "Mine");
  await thread
    .locator('[data-kind="transfer"]')
    .getByText("Administrador transferred it to Dora")
    .waitFor();
  await screenshot(page, "en-transfers-01-thread");
  await page.close();
});
