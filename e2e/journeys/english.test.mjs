// The main screens in English, over a company with something on each of them.
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openFromMenu, screenshot } from "../lib/browser.mjs";
import {
  DORA,
  addAttendant,
  connectedChannel,
  enableGroups,
  importGroups,
  inbound,
  seedGroups,
} from "../lib/fixtures.mjs";

const area = journeyArea();

/** A channel, an attendant, groups, a conversation, a contact and an appointment: no screen is empty. */
async function fillTheCompany() {
  await enableGroups(area.server.base);
  const call = await area.api();
  const channel = await connectedChannel(call, "WhatsApp Vendas");
  const finance = await call("POST", "/departments", { name: "Financeiro" });
  const dora = await addAttendant(call, DORA, {
    channels: [channel],
    departments: [finance],
  });
  await seedGroups(call, channel, 12, 8);
  await importGroups(call, channel, ["Grupo 0002", "Grupo 0005"]);
  await inbound(
    call,
    channel,
    "+5511955550001",
    "Oi, preciso da segunda via do boleto",
  );
  await call("POST", "/contacts", {
    phone: "+5511955554444",
    name: "Álvaro Conceição",
    tags: ["VIP"],
    owner_id: dora.id,
  });
  const start = new Date();
  start.setUTCHours(15, 0, 0, 0);
  await call("POST", "/agenda/events", {
    title: "Visita ao cliente",
    starts_at: start.toISOString(),
    ends_at: new Date(start.getTime() + 60 * 60 * 1000).toISOString(),
  });
}

test("the main screens read in English", async () => {
  await fillTheCompany();
  const page = await area.pageAs();
  await page.getByRole("navigation").waitFor();
  await page.getByRole("button", { name: /^Sua conta/ }).click();
  await page.getByRole("menuitem", { name: "English" }).click();
  const screens = [
    ["/chat", "Chat", "en-01-chat"],
    ["/contacts", "Contacts", "en-02-contacts"],
    ["/agenda", "Agenda", "en-03-agenda"],
    ["/users", "Attendants", "en-04-users"],
    ["/departments", "Departments", "en-05-departments"],
    ["/channels", "Channels", "en-06-channels"],
    ["/groups", "WhatsApp groups", "en-07-groups"],
    ["/settings", "Settings", "en-08-settings"],
    ["/audit", "Audit log", "en-09-audit"],
  ];
  await page.getByRole("navigation", { name: "Main menu" }).waitFor();
  for (const [path, title, name] of screens) {
    await openFromMenu(page, title);
    await page.waitForURL(`**${path}`);
    await page.waitForLoadState("networkidle");
    await screenshot(page, name);
  }
  await page.close();
});
