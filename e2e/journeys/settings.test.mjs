// Configurações: its tabs by address and by permission, Empresa, Tokens de API, Webhooks, Auditoria, and the
// company's time zone in the dates shown.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { logIn, openSettings, screenshot } from "../lib/browser.mjs";
import { ADMIN, PASSWORD } from "../lib/server.mjs";
import { DORA, addAttendant } from "../lib/fixtures.mjs";

const area = journeyArea();

test("the administrator creates an API token that an integration can use, and reads the audit log", async () => {
  const page = await area.pageAs();
  await openSettings(page, "Tokens de API");
  await page.getByRole("button", { name: "Novo token" }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel(/^Nome/).fill("Integração ERP");
  await form
    .getByLabel(/^Permissões do token/)
    .first()
    .click();
  await page.getByRole("option", { name: /users\.view/ }).click();
  await page.keyboard.press("Escape");
  await form.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Copie agora").waitFor();
  const secret = (await page.locator("pre").innerText()).trim();
  assert.match(secret, /^bp_/);
  await screenshot(page, "20-settings-token-created");
  await page.keyboard.press("Escape");
  await page
    .getByRole("cell", { name: "Integração ERP", exact: true })
    .waitFor();

  const users = await fetch(`${area.server.base}/api/v1/users`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  assert.equal(users.status, 200, "the token reads users");
  const departments = await fetch(`${area.server.base}/api/v1/departments`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${secret}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ name: "Fora do escopo" }),
  });
  assert.equal(departments.status, 403, "and nothing it was not given");

  await page.getByRole("tab", { name: "Auditoria" }).click();
  await page
    .getByRole("cell", { name: "Token de API criado api_token.created" })
    .first()
    .waitFor();
  await screenshot(page, "21-audit-log");
  await page.close();
});

/** An integrator's endpoint: keeps every request it receives and answers 200. */
async function startReceiver() {
  const received = [];
  const receiver = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(200).end();
    });
  });
  await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${receiver.address().port}/blocopro`;
  const close = () => {
    receiver.closeAllConnections();
    receiver.close();
  };
  return { url, received, close };
}

test("the administrator adds a webhook, keeps its secret, tests it and reads its deliveries", async (context) => {
  const receiver = await startReceiver();
  // Closed even when a step fails, or the file's process would wait on it forever.
  context.after(receiver.close);
  const page = await area.pageAs();
  await openSettings(page, "Webhooks");
  await page.getByText("Nenhum webhook ainda.").waitFor();
  await page.getByRole("button", { name: "Adicionar webhook" }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel(/^URL/).fill("ftp://errado");
  await form.getByRole("button", { name: "Salvar" }).click();
  await form
    .getByText("Informe uma URL http:// ou https:// completa.")
    .waitFor();
  await form.getByText("Escolha ao menos um evento.").waitFor();
  await form.getByLabel(/^URL/).fill(receiver.url);
  // A MultiSelect without search opens from its box; its inner input is hidden until a value is chosen.
  await form.locator(".mantine-MultiSelect-input").click();
  await page.getByRole("option", { name: "Mensagem nova" }).click();
  await page.getByRole("option", { name: "Conversa atualizada" }).click();
  await page.keyboard.press("Escape");
  await screenshot(page, "25-settings-webhook-add");
  await form.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Copie agora").waitFor();
  const secret = (await page.locator("pre").innerText()).trim();
  assert.match(secret, /^whsec_/);
  await screenshot(page, "26-settings-webhook-secret");
  await page.keyboard.press("Escape");
  await page.getByRole("cell", { name: receiver.url }).first().waitFor();
  assert.equal(
    await page.getByText(secret).count(),
    0,
    "the secret is shown once",
  );

  await page
    .getByRole("button", { name: `Enviar um teste para ${receiver.url}` })
    .click();
  await page.getByText("Teste enviado para a fila").waitFor();
  await page
    .getByRole("button", { name: `Entregas para ${receiver.url}` })
    .click();
  await page.getByRole("dialog").getByText("Entregue").waitFor();
  await screenshot(page, "27-settings-webhook-deliveries");

  const ping = receiver.received.find(
    (request) => request.headers["x-blocopro-event"] === "ping",
  );
  const [t, v1] = ping.headers["x-blocopro-signature"]
    .split(",")
    .map((part) => part.split("=")[1]);
  const expected = createHmac("sha256", secret)
    .update(`${t}.`)
    .update(ping.body)
    .digest("hex");
  assert.equal(v1, expected, "signed with the secret shown once");
  await page.keyboard.press("Escape");
  await screenshot(page, "28-settings-webhooks");
  await page.close();
});

test("the administrator sets the company's time zone in Configurações › Empresa", async () => {
  const page = await area.pageAs();
  await openSettings(page, "Empresa");
  const zone = page.getByLabel("Fuso horário", { exact: true }).first();
  assert.equal(await zone.inputValue(), "America/Sao Paulo");
  await screenshot(page, "29-settings-company");
  await zone.fill("manaus");
  await page.getByRole("option", { name: "America/Manaus" }).click();
  await page.getByRole("button", { name: "Salvar alterações" }).click();
  await page.getByText("Dados da empresa salvos.").waitFor();
  await screenshot(page, "30-settings-company-saved");

  const company = await (await area.api())("GET", "/company");
  assert.equal(company.timezone, "America/Manaus");
  assert.equal(company.name, ADMIN.company, "the name is kept");
  await page.close();
});

test("Configurações opened by its address shows the first tab each user may see", async () => {
  const admin = await area.page();
  await logIn(admin, "/login", ADMIN.email, ADMIN.password);
  await admin.getByRole("navigation").waitFor();
  await admin.goto("/settings");
  await admin.waitForURL("**/settings/users");
  await admin
    .getByRole("tab", { name: "Atendentes", selected: true })
    .waitFor();
  assert.deepEqual(await admin.getByRole("tab").allInnerTexts(), [
    "Atendentes",
    "Departamentos",
    "Canais",
    "Respostas rápidas",
    "Etiquetas",
    "Grupos de WhatsApp",
    "Empresa",
    "Tokens de API",
    "Webhooks",
    "Auditoria",
  ]);
  await screenshot(admin, "32-settings-by-address");
  // The addresses the areas had before Configurações gathered them.
  await admin.goto("/audit");
  await admin.waitForURL("**/settings/audit");
  await admin.close();

  await addAttendant(await area.api(), DORA);
  const dora = await area.pageAs(DORA.email, PASSWORD);
  await dora.getByRole("navigation").waitFor();
  await dora.goto("/settings");
  await dora.waitForURL("**/settings/channels");
  assert.deepEqual(await dora.getByRole("tab").allInnerTexts(), [
    "Canais",
    "Respostas rápidas",
  ]);
  await screenshot(dora, "33-settings-attendant");
  await dora.goto("/settings/audit");
  await dora.waitForURL("**/settings/channels");
  await dora.close();
});

test("dates read in the company's time zone, named, wherever the browser is", async () => {
  const call = await area.api();
  // São Paulo, whatever an earlier journey of this file chose; the browser is in Tokyo.
  await call("PATCH", "/company", { timezone: "America/Sao_Paulo" });
  const token = await call("POST", "/api-tokens", {
    name: "Relógio",
    permissions: ["users.view"],
  });
  const page = await area.pageAs(ADMIN.email, ADMIN.password, {
    timezoneId: "Asia/Tokyo",
  });
  await openSettings(page, "Tokens de API");
  const expected = await page.evaluate(
    ({ at, zone }) =>
      new Intl.DateTimeFormat("pt-BR", {
        dateStyle: "short",
        timeStyle: "short",
        timeZone: zone,
      }).format(new Date(at)),
    { at: token.api_token.created_at, zone: "America/Sao_Paulo" },
  );
  const row = page.getByRole("row").filter({ hasText: "Relógio" });
  await row.getByText(`${expected} BRT`).waitFor();
  await screenshot(page, "34-settings-tokens-company-time");
  await page.close();
});
