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
    ["/settings/users", "Attendants", "en-04-users"],
  ];
  const settings = [
    ["/settings/departments", "Departments", "en-05-departments"],
    ["/settings/channels", "Channels", "en-06-channels"],
    ["/settings/groups", "WhatsApp groups", "en-07-groups"],
    ["/settings/company", "Company", "en-08-settings"],
    ["/settings/api-tokens", "API tokens", "en-08b-settings-tokens"],
    ["/settings/webhooks", "Webhooks", "en-08c-settings-webhooks"],
    ["/settings/audit", "Audit log", "en-09-audit"],
  ];
  await page.getByRole("navigation", { name: "Main menu" }).waitFor();
  const shoot = async (path, name) => {
    await page.waitForURL(`**${path}`);
    await page.waitForLoadState("networkidle");
    await screenshot(page, name);
  };
  for (const [path, title, name] of screens) {
    await openFromMenu(page, title);
    await shoot(path, name);
  }
  for (const [path, tab, name] of settings) {
    await openFromMenu(page, "Settings");
    await page.getByRole("tab", { name: tab }).click();
    await shoot(path, name);
  }
  await page.close();
});
