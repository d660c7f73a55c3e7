// Etiquetas (issue 18.3): the administrator creates a label in Configurações › Etiquetas; Dora puts it on a
// customer's conversation from the thread, sees it on the conversation in the list and filters the list by it.
// The same screens in English.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openConversation, openSettings, screenshot } from "../lib/browser.mjs";
import { DORA, doraServesACustomer } from "../lib/fixtures.mjs";
import { PASSWORD } from "../lib/server.mjs";

const area = journeyArea();

test("a label made in Configurações is set on a conversation and filters the list", async () => {
  const call = await area.api();
  await doraServesACustomer(call, {
    phone: "+5511977772222",
    name: "Bruno Alves",
    text: "Quero fazer um pedido grande",
  });
  await call(
    "POST",
    `/simulator/channels/${(await call("GET", "/channels")).items[0].id}/inbound`,
    {
      from: "+5511977773333",
      sender_name: "Clara Nunes",
      text: "Bom dia",
    },
  );

  const admin = await area.pageAs();
  await openSettings(admin, "Etiquetas");
  await admin.getByRole("button", { name: "Nova etiqueta" }).click();
  const dialog = admin.getByRole("dialog", { name: "Nova etiqueta" });
  await dialog.getByRole("textbox", { name: "Nome" }).fill("Atacado");
  await dialog.getByRole("button", { name: "Laranja" }).click();
  await screenshot(admin, "labels-01-new");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await dialog.waitFor({ state: "hidden" });
  await admin.getByRole("button", { name: "Editar Atacado" }).waitFor();
  await screenshot(admin, "labels-02-settings");
  await admin.close();

  const page = await area.pageAs(DORA.email, PASSWORD);
  await openConversation(page, "Bruno Alves");
  await page.getByRole("button", { name: "Etiquetas", exact: true }).click();
  await page.getByRole("combobox", { name: "Etiquetas da conversa" }).click();
  await page
    .getByRole("dialog", { name: "Etiquetas" })
    .getByRole("option", { name: "Atacado" })
    .click();
  await page.keyboard.press("Escape");
  const row = page.getByRole("listitem").filter({ hasText: "Bruno Alves" });
  await row.getByText("Atacado").waitFor();
  await screenshot(page, "labels-03-thread");

  await page
    .getByRole("combobox", { name: "Etiqueta", exact: true })
    .selectOption({ label: "Atacado" });
  await page
    .getByRole("listitem")
    .filter({ hasText: "Clara Nunes" })
    .waitFor({ state: "detached" });
  assert.equal(
    await page.getByRole("listitem").filter({ hasText: "Bruno Alves" }).count(),
    1,
  );
  await screenshot(page, "labels-04-filtered");
  await page.close();
});

test("labels read in English", async () => {
  const page = await area.pageAs(DORA.email, PASSWORD);
  await page.getByRole("navigation").waitFor();
  await page.getByRole("button", { name: /^Sua conta/ }).click();
  await page.getByRole("menuitem", { name: "English" }).click();
  await openConversation(page, "Bruno Alves");
  await page.getByRole("button", { name: "Labels", exact: true }).waitFor();
  await screenshot(page, "en-labels-01-thread");
  await page.close();
});
