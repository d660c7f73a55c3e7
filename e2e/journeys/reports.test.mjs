// Relatórios › Jornada de trabalho, Atendimento, Volume and Grupos (issue 19): the administrator reads how long each
// attendant worked today, in the company's time zone, and downloads the table as a CSV that Excel opens with accents;
// today's conversation in the hour it started; the messages of imported groups and who wrote the most. An attendant
// without "Ver relatórios" does not see the area. The same screens in English.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openFromMenu, screenshot } from "../lib/browser.mjs";
import {
  addAttendant,
  connectedChannel,
  enableGroups,
  eventually,
  importGroups,
  inbound,
  seedGroups,
} from "../lib/fixtures.mjs";
import { PASSWORD } from "../lib/server.mjs";

const area = journeyArea();
const CONCEICAO = { name: "Conceição", email: "conceicao@padaria.test" };
const ZONE = "America/Sao_Paulo";
const BEATRIZ = { phone: "+5511966660001", name: "Beatriz Souza" };

/** Today's date as the table writes it, and the time now, in the company's zone. */
function todayInTheCompany(language) {
  const now = new Date();
  return {
    date: new Intl.DateTimeFormat(language, {
      dateStyle: "short",
      timeZone: ZONE,
    }).format(now),
    iso: new Intl.DateTimeFormat("en-CA", { timeZone: ZONE }).format(now),
  };
}

test("the administrator reads today's working time of a freshly registered attendant and downloads it", async () => {
  const call = await area.api();
  const conceicao = await addAttendant(call, CONCEICAO);
  // She logs in and stays online: a period opens.
  const attendant = await area.pageAs(CONCEICAO.email, PASSWORD);
  const menu = attendant.getByRole("navigation");
  await menu.getByRole("link", { name: "Chat" }).waitFor();
  assert.equal(
    await menu.getByRole("link", { name: "Relatórios" }).count(),
    0,
    "no reports without the permission",
  );
  await eventually(async () => {
    const { periods } = await call(
      "GET",
      `/users/${conceicao.id}/presence-history`,
    );
    return periods.some(
      (period) => period.status === "online" && !period.ended_at,
    );
  }, "Conceição online");

  const page = await area.pageAs();
  await openFromMenu(page, "Relatórios");
  await page.getByRole("tab", { name: "Jornada de trabalho" }).waitFor();
  await page
    .getByText("Horário Padrão de Brasília", { exact: false })
    .first()
    .waitFor();
  const { date, iso } = todayInTheCompany("pt-BR");
  const row = page
    .getByRole("row")
    .filter({ hasText: CONCEICAO.name })
    .filter({ hasText: date });
  await row.waitFor();
  await page.getByRole("button", { name: "Baixar CSV" }).waitFor();
  await screenshot(page, "reports-01-working-time");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Baixar CSV" }).click(),
  ]);
  assert.match(
    download.suggestedFilename(),
    /^jornada-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/,
  );
  const file = await readFile(await download.path(), "utf8");
  assert.ok(
    file.startsWith("\ufeffatendente,inicio_do_periodo,online"),
    file.slice(0, 80),
  );
  assert.ok(file.includes(`Conceição,${iso},`), "her row today, accents kept");

  // A customer writes, the administrator answers and closes: the service tab has a day to show.
  const channel = await connectedChannel(call, "WhatsApp Relatórios");
  const customer = "+5511977770001";
  await inbound(call, channel, customer, "Bom dia, meu pedido atrasou");
  const conversation = await eventually(
    async () =>
      (await call("GET", "/conversations")).items.find(
        (item) => item.chat_id === customer,
      ),
    "the customer's conversation",
  );
  await call("POST", `/conversations/${conversation.id}/messages`, {
    text: "Já verifico, um momento.",
  });
  await call("PATCH", `/conversations/${conversation.id}`, {
    action: "close",
  });
  await page.getByRole("tab", { name: "Atendimento" }).click();
  await page
    .getByRole("row")
    .filter({ hasText: "Administrador" })
    .filter({ hasText: date })
    .waitFor();
  await page.getByText("Filas agora").first().waitFor();
  await screenshot(page, "reports-02-service");

  // Volume: the customer's conversation, in this hour of the company's day.
  await page.getByRole("tab", { name: "Volume" }).click();
  await page
    .getByRole("cell", { name: /: 1 conversa$/ })
    .first()
    .waitFor();
  await page.getByText("Conversas por hora").waitFor();
  await screenshot(page, "reports-03-volume");

  // Grupos: two imported groups; Beatriz, a contact, writes the most in the first.
  await enableGroups(area.server.base);
  await seedGroups(call, channel, 2, 4);
  const [first, second] = await importGroups(call, channel, [
    "Grupo 0001",
    "Grupo 0002",
  ]);
  await call("POST", "/contacts", BEATRIZ);
  for (const [from, group] of [
    [BEATRIZ.phone, first],
    [BEATRIZ.phone, first],
    [BEATRIZ.phone, first],
    ["+5511955550002", first],
    ["+5511955550003", second],
  ]) {
    await inbound(call, channel, from, "Bom dia, pessoal!", group);
  }
  const today = todayInTheCompany("pt-BR").iso;
  await eventually(async () => {
    const report = await call(
      "GET",
      `/reports/groups?from=${today}&to=${today}`,
    );
    return report.groups.reduce((sum, group) => sum + group.messages, 0) === 5;
  }, "the groups' messages stored");
  // The company's features are read at login: the tab shows once the page reads them again.
  await page.reload();
  await page.getByRole("tab", { name: "Grupos" }).click();
  await page.getByText("Participantes mais ativos").waitFor();
  await page.getByRole("row").filter({ hasText: BEATRIZ.name }).waitFor();
  await screenshot(page, "reports-04-groups");
  await attendant.close();
  await page.close();
});

test("reports read in English", async () => {
  const page = await area.pageAs();
  await page.getByRole("navigation").waitFor();
  await page.getByRole("button", { name: /^Sua conta/ }).click();
  await page.getByRole("menuitem", { name: "English" }).click();
  await openFromMenu(page, "Reports");
  await page.getByRole("tab", { name: "Working time" }).waitFor();
  const { date } = todayInTheCompany("en");
  await page
    .getByRole("row")
    .filter({ hasText: CONCEICAO.name })
    .filter({ hasText: date })
    .waitFor();
  await page.getByRole("button", { name: "Download CSV" }).waitFor();
  await screenshot(page, "en-reports-01-working-time");
  await page.getByRole("tab", { name: "Service" }).click();
  await page.getByText("Queues now").first().waitFor();
  await page
    .getByRole("row")
    .filter({ hasText: "Administrador" })
    .filter({ hasText: date })
    .waitFor();
  await screenshot(page, "en-reports-02-service");
  await page.getByRole("tab", { name: "Volume" }).click();
  await page
    .getByRole("cell", { name: /: 1 conversation$/ })
    .first()
    .waitFor();
  await screenshot(page, "en-reports-03-volume");
  await page.getByRole("tab", { name: "Groups" }).click();
  await page.getByText("Most active participants").waitFor();
  await page.getByRole("row").filter({ hasText: BEATRIZ.name }).waitFor();
  await screenshot(page, "en-reports-04-groups");
  await page.close();
});
