// Agenda: booking in the week and the month views, read in the company's time zone.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openFromMenu, screenshot } from "../lib/browser.mjs";

const area = journeyArea();

test("the administrator books appointments in the agenda's week and month, in the company's time zone", async () => {
  const call = await area.api();
  // A zone other than the default São Paulo, whose offset the booked time is checked against.
  await call("PATCH", "/company", { timezone: "America/Manaus" });
  const contact = await call("POST", "/contacts", {
    phone: "+5511955554444",
    name: "Álvaro Conceição",
    tags: ["VIP"],
  });

  const page = await area.pageAs();
  await openFromMenu(page, "Agenda");
  await page.getByText("Horários no fuso da empresa: America/Manaus").waitFor();
  await page
    .getByRole("button", { name: "Novo compromisso", exact: true })
    .click();
  await page
    .getByRole("dialog")
    .getByLabel(/^Título/)
    .fill("Visita ao cliente");
  await page
    .getByRole("dialog")
    .getByRole("button", { name: "Salvar" })
    .click();
  await page.getByText("Compromisso salvo.").waitFor();
  await page
    .getByRole("button", { name: "Editar Visita ao cliente" })
    .first()
    .waitFor();
  await screenshot(page, "24-agenda");

  await page.getByText("Mês", { exact: true }).click();
  // The 15th is in the shown month whatever today is; a click on its number books it at 09:00.
  await page
    .getByRole("button", { name: /^Novo compromisso em .*15\// })
    .first()
    .click();
  const form = page.getByRole("dialog");
  await form.getByLabel(/^Título/).fill("Reunião mensal");
  await form.getByLabel("Contato (opcional)").first().click();
  await page.getByRole("option", { name: contact.name }).click();
  await form.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Compromisso salvo.").last().waitFor();
  const chip = page.getByRole("button", { name: "Editar Reunião mensal" });
  await chip.getByText("09:00 Reunião mensal").waitFor();
  await chip.getByText(contact.name).waitFor();
  await screenshot(page, "31-agenda-month");

  await chip.click();
  await page.getByRole("dialog").getByText("Editar compromisso").waitFor();
  await screenshot(page, "32-agenda-edit");
  await page.keyboard.press("Escape");

  const booked = await call("GET", "/agenda/events");
  assert.deepEqual(booked.items.map((event) => event.title).sort(), [
    "Reunião mensal",
    "Visita ao cliente",
  ]);
  const monthly = booked.items.find(
    (event) => event.title === "Reunião mensal",
  );
  assert.equal(monthly.contact_id, contact.id);
  assert.match(
    monthly.starts_at,
    /-15T13:00:00Z$/,
    "09:00 in Manaus (UTC−4) is 13:00 UTC",
  );
  await page.close();
});
