// Chat › Grupos: an attendant reads and writes in an imported group, live through the realtime socket.
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openFromMenu, screenshot } from "../lib/browser.mjs";
import {
  DORA,
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

test("an attendant sees the group in Chat › Grupos, writes in it, and new messages arrive without reloading", async () => {
  await enableGroups(area.server.base);
  const call = await area.api();
  const channel = await connectedChannel(call, "WhatsApp Vendas");
  await seedGroups(call, channel, 5, 8);
  const imported = await importGroups(call, channel, [
    "Grupo 0002",
    "Grupo 0005",
  ]);
  const group = imported.find((item) => item.subject === "Grupo 0002");
  await addAttendant(call, DORA, {
    channels: [channel],
    permissions: ["messages.send", "wallet.view_all"],
  });
  const say = (text) => inbound(call, channel, "+5511977770000", text, group);
  await say("Bom dia, grupo!");

  const page = await area.pageAs(DORA.email, PASSWORD);
  await openFromMenu(page, "Chat");
  await page.getByRole("tab", { name: "Grupos" }).click();
  await page.getByRole("listitem").filter({ hasText: "Grupo 0002" }).click();
  const thread = page.locator('[aria-live="polite"]');
  await thread.getByText("Bom dia, grupo!").waitFor();
  await thread.getByText("+5511977770000").first().waitFor();
  await page
    .getByLabel("Escreva uma mensagem")
    .fill("Olá, equipe! Em que posso ajudar?");
  await page.getByRole("button", { name: "Enviar" }).click();
  await page
    .locator('[aria-live="polite"]')
    .getByText("Olá, equipe! Em que posso ajudar?")
    .waitFor();
  await page
    .locator(
      '[data-status="delivered"], [data-status="sent"], [data-status="read"]',
    )
    .first()
    .waitFor();
  await say("Chegou agora, sem recarregar");
  await thread.getByText("Chegou agora, sem recarregar").waitFor();
  // Open on her screen, the conversation does not count what arrives in it.
  const conversation = (
    await call("GET", "/conversations?kind=group")
  ).items.find((item) => item.title === "Grupo 0002");
  await eventually(
    async () =>
      (await call("GET", `/conversations/${conversation.id}`)).unread_count ===
      0,
    "the open conversation read",
  );
  // The message's own event may count it once more before the page marks it read again.
  await eventually(
    async () =>
      (await page
        .getByRole("listitem")
        .filter({ hasText: "Grupo 0002" })
        .getByLabel(/não lida/)
        .count()) === 0,
    "no unread badge on the open conversation",
  );
  await screenshot(page, "23-chat-group");
  await page.close();
});
