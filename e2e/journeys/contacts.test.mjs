// Contatos: the administrator fills an attendant's wallet, and the attendant sees the contact as hers.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openFromMenu, screenshot } from "../lib/browser.mjs";
import { DORA, addAttendant } from "../lib/fixtures.mjs";
import { PASSWORD } from "../lib/server.mjs";

const area = journeyArea();

test("the administrator puts a client in an attendant's wallet, and the attendant finds it as hers", async () => {
  // She sees every wallet, here also the administrator's client: "Você" is what tells hers apart.
  const call = await area.api();
  await addAttendant(call, DORA, { permissions: ["wallet.view_all"] });
  await call("POST", "/contacts", { phone: "+5511955550001", name: "Bruna" });

  const page = await area.pageAs();
  await openFromMenu(page, "Contatos");
  await page.getByRole("button", { name: "Novo contato" }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel(/^Número/).fill("+5511955554444");
  await form.getByLabel(/^Nome/).fill("Álvaro Conceição");
  await form.getByLabel("Etiquetas").fill("VIP");
  await form.getByLabel("Etiquetas").press("Enter");
  await form.getByRole("combobox", { name: /^Carteira/ }).click();
  await page.getByRole("option", { name: "Dora" }).click();
  await form.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Contato criado.").waitFor();
  await page
    .getByLabel("Buscar por nome, e-mail ou número")
    .fill("alvaro conceicao");
  await page
    .getByRole("cell", { name: "Álvaro Conceição", exact: true })
    .waitFor();
  await screenshot(page, "18-contacts");
  await page.close();

  const dora = await area.pageAs(DORA.email, PASSWORD);
  await openFromMenu(dora, "Contatos");
  await dora
    .getByRole("cell", { name: "Álvaro Conceição", exact: true })
    .waitFor();
  assert.equal(
    await dora.getByRole("cell", { name: "Você", exact: true }).count(),
    1,
    "the contact is in her wallet",
  );
  await screenshot(dora, "19-contacts-attendant");
  await dora.close();
});
