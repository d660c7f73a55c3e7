// Notificações (issue 18.7): Dora allows the browser's notifications from her account menu; while she looks at
// another screen, a customer's new conversation in her queue counts in the tab's title and raises a notification;
// opening the conversation answers it. The account menu in English.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openConversation, openFromMenu, screenshot } from "../lib/browser.mjs";
import { DORA, doraServesACustomer, eventually } from "../lib/fixtures.mjs";
import { PASSWORD } from "../lib/server.mjs";

const area = journeyArea();

/** Keeps what the page shows through the browser's Notification API (a headless browser shows none). */
function recordNotifications() {
  window.shownNotifications = [];
  const Real = window.Notification;
  class Recorded extends Real {
    constructor(title, options) {
      super(title, options);
      window.shownNotifications.push({ title, body: options?.body });
    }
  }
  Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
  Recorded.requestPermission = () => Real.requestPermission();
  window.Notification = Recorded;
}

test("a new conversation in Dora's queue counts in the title and notifies her until she opens it", async () => {
  const call = await area.api();
  const { channel } = await doraServesACustomer(call, {
    phone: "+5511955550000",
    name: "Carla Dias",
    text: "Bom dia!",
  });
  const page = await area.pageAs(DORA.email, PASSWORD, {
    permissions: ["notifications"],
  });
  await page.getByRole("navigation").waitFor();
  await page.addInitScript(recordNotifications);
  await page.reload();
  await page.getByRole("navigation").waitFor();

  await page.getByRole("button", { name: /^Sua conta/ }).click();
  const menu = page.getByRole("menu");
  await menu.getByText("Notificações do navegador ativadas").waitFor();
  await menu
    .getByRole("menuitem", { name: "Som das notificações Ligado" })
    .waitFor();
  await screenshot(page, "notifications-01-account-menu");
  await page.keyboard.press("Escape");

  await openFromMenu(page, "Contatos");
  await call("POST", `/simulator/channels/${channel.id}/inbound`, {
    from: "+5511955551111",
    sender_name: "Rafael Lima",
    text: "Vocês abrem no feriado?",
  });
  await eventually(
    async () => (await page.title()) === "(1) BlocoPro",
    "the count in the title",
  );
  const shown = await page.evaluate(() => window.shownNotifications);
  assert.deepEqual(shown, [
    {
      title: "Nova conversa na fila: Rafael Lima",
      body: "Vocês abrem no feriado?",
    },
  ]);
  await screenshot(page, "notifications-02-counted");

  await openConversation(page, "Rafael Lima");
  await eventually(
    async () => (await page.title()) === "BlocoPro",
    "the title without a count once opened",
  );
  await page.close();
});

test("the notification settings read in English", async () => {
  const page = await area.pageAs(DORA.email, PASSWORD);
  await page.getByRole("navigation").waitFor();
  await page.getByRole("button", { name: /^Sua conta/ }).click();
  await page.getByRole("menuitem", { name: "English" }).click();
  await page.getByRole("button", { name: /^Your account/ }).click();
  const menu = page.getByRole("menu");
  await menu.getByText("Turn on browser notifications").waitFor();
  await menu.getByRole("menuitem", { name: "Notification sound On" }).click();
  await menu
    .getByRole("menuitem", { name: "Notification sound Off" })
    .waitFor();
  await screenshot(page, "en-notifications-01-account-menu");
  await page.close();
});
