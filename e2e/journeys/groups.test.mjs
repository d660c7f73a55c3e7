// Grupos de WhatsApp: the import wizard, a group's settings, and the page in English.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openSettings, screenshot } from "../lib/browser.mjs";
import {
  cloudApiChannel,
  connectedChannel,
  enableGroups,
  seedGroups,
} from "../lib/fixtures.mjs";

const area = journeyArea();

test("before the feature is switched on, Configurações › Grupos de WhatsApp sends the administrator to the Departamento Comercial", async () => {
  const page = await area.pageAs();
  await openSettings(page, "Grupos de WhatsApp");
  await page
    .getByRole("alert")
    .getByText(
      "Entre em contato com o Departamento Comercial para solicitar a ativação.",
      { exact: false },
    )
    .waitFor();
  await screenshot(page, "07a-groups-not-enabled");
  await page.close();
});

test("the administrator pre-imports the channel's groups, imports two, and Cloud API channels are shown disabled with the reason", async () => {
  await enableGroups(area.server.base);
  const call = await area.api();
  const simulator = await connectedChannel(call, "WhatsApp Vendas");
  await cloudApiChannel(call, "API oficial");
  await seedGroups(call, simulator, 12, 8);

  const page = await area.pageAs();
  await openSettings(page, "Grupos de WhatsApp");
  await page.getByText("Nenhum grupo importado ainda").waitFor();
  await screenshot(page, "07-groups-empty");

  await page.getByRole("button", { name: "Importar grupos" }).click();
  await page.getByRole("combobox", { name: "Escolha o canal" }).click();
  await page.getByRole("option", { name: /WhatsApp Vendas/ }).click();
  await page.getByRole("button", { name: "OK" }).click();
  await page.getByLabel("Grupo 0001").waitFor();
  await page.getByLabel("Grupo 0002").check();
  await page.getByLabel("Grupo 0005").check();
  await page.getByText("2 selecionados").waitFor();
  await screenshot(page, "08-groups-import-candidates");
  await page
    .getByRole("button", { name: "Importar grupos selecionados" })
    .click();
  await page.getByText("2 grupos importados.").waitFor();
  const table = page.getByRole("table");
  await table.getByText("Grupo 0002").waitFor();
  await table.getByText("Grupo 0005").waitFor();
  await screenshot(page, "09-groups-list");

  await page.getByRole("button", { name: "Importar grupos" }).click();
  await page.getByRole("combobox", { name: "Escolha o canal" }).click();
  await page.getByRole("option", { name: /WhatsApp Vendas/ }).click();
  await page.getByRole("button", { name: "OK" }).click();
  await page.getByText("já importado").first().waitFor();
  assert.equal(
    await page.getByLabel("Grupo 0002").isDisabled(),
    true,
    "an imported group cannot be ticked again",
  );
  await page.keyboard.press("Escape");

  await page.getByRole("button", { name: "Importar grupos" }).click();
  await page.getByRole("combobox", { name: "Escolha o canal" }).click();
  const cloud = page.getByRole("option", { name: /API oficial/ });
  await cloud
    .getByText(/API Oficial do WhatsApp não têm suporte a grupos/)
    .waitFor();
  assert.equal(
    await cloud.getAttribute("aria-disabled"),
    "true",
    "a Cloud API number is shown but cannot be chosen",
  );
  await screenshot(page, "10-groups-cloud-api-refused");
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "hidden" });

  await table.getByText("Grupo 0002").click();
  await page.getByText("Participantes (8)").waitFor();
  await page
    .getByLabel("Silenciar (sem notificações no Chat)")
    .click({ force: true });
  await screenshot(page, "11-group-settings");
  await page.keyboard.press("Escape");
  await table.getByText("Silenciado").waitFor();

  await page.getByRole("button", { name: "Administrador" }).click();
  await page.getByRole("menuitem", { name: "English" }).click();
  await page.getByRole("heading", { name: "WhatsApp groups" }).waitFor();
  await table.getByText("Muted").waitFor();
  await screenshot(page, "22-groups-in-english");
  await page.getByRole("button", { name: "Administrador" }).click();
  await page.getByRole("menuitem", { name: "Português" }).click();
  await page.getByRole("heading", { name: "Grupos de WhatsApp" }).waitFor();
  await page.close();
});
