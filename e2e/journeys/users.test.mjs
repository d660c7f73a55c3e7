// Atendentes (and Departamentos): registering an attendant with her links and access hours, and
// what an attendant outside her access hours is told at login.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import {
  logIn,
  openFromMenu,
  openSettings,
  screenshot,
  serverPresence,
  shownPresence,
} from "../lib/browser.mjs";
import { DORA, connectedChannel, eventually } from "../lib/fixtures.mjs";
import { PASSWORD } from "../lib/server.mjs";

const area = journeyArea();

const WEEKDAYS = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
];

test("the administrator registers an attendant, links a department and a channel, and sets access hours", async () => {
  const call = await area.api();
  await connectedChannel(call, "WhatsApp Vendas");

  const page = await area.pageAs();
  await openSettings(page, "Departamentos");
  await page.getByLabel("Nome do departamento").fill("Financeiro");
  await page.getByRole("button", { name: "Adicionar" }).click();
  await page.getByRole("cell", { name: "Financeiro", exact: true }).waitFor();
  await screenshot(page, "13-departments");

  await openFromMenu(page, "Atendentes");
  await page.getByRole("button", { name: "Cadastrar usuário" }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel(/^Nome/).fill(DORA.name);
  await form.getByLabel("E-mail").fill(DORA.email);
  await form.getByLabel(/^Senha/).fill(PASSWORD);
  await form.getByLabel("Confirmação de senha").fill("outra-senha-123");
  await form.getByRole("button", { name: "Incluir usuário" }).click();
  await form.getByText("A confirmação não confere com a senha.").waitFor();
  await form.getByLabel("Confirmação de senha").fill(PASSWORD);
  await form.getByLabel("Telefone (opcional)").fill("+5511987654321");
  await screenshot(page, "14-user-create");
  await form.getByRole("button", { name: "Incluir usuário" }).click();
  await page.getByRole("tab", { name: "Dados pessoais" }).waitFor();
  assert.equal(
    await page.getByLabel("Número de telefone").inputValue(),
    "+5511987654321",
    "the help's label for the phone",
  );
  await screenshot(page, "15-user-personal");

  await page.getByRole("tab", { name: "Parâmetros de chat" }).click();
  await page.getByText("Gerenciamento de conversas").waitFor();
  assert.equal(
    await page.getByText("conversations.transfer", { exact: true }).count(),
    0,
    "permission keys are not written under every box",
  );
  await page
    .getByText(
      "As conversas atribuídas a ele e as dos clientes da sua carteira",
      {
        exact: false,
      },
    )
    .waitFor();
  await screenshot(page, "15b-user-chat-params");

  await page.getByRole("tab", { name: "Canais e departamentos" }).click();
  await page.getByLabel("Canais", { exact: true }).first().click();
  await page.getByRole("option", { name: /WhatsApp Vendas/ }).click();
  await page.keyboard.press("Escape");
  const cards = page.getByRole("button", { name: "Salvar" });
  await cards.first().click();
  await page.getByText("Canais salvos.").waitFor();
  await page.getByLabel("Departamentos", { exact: true }).first().click();
  await page.getByRole("option", { name: "Financeiro" }).click();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Novo departamento" }).click();
  await page.getByLabel("Nome do novo departamento").fill("Comercial");
  await page.getByRole("button", { name: "Criar", exact: true }).click();
  // Ticked among her departments; the toast of "Financeiro" may still show beside this one's.
  await page.getByText("Comercial", { exact: true }).waitFor();
  await page.getByText("Departamento criado.").first().waitFor();
  await screenshot(page, "16a-user-links-new-department");
  await cards.last().click();
  await page.getByText("Departamentos salvos.").waitFor();
  await screenshot(page, "16-user-links");

  await page
    .getByRole("tab", { name: "Bloqueio de acesso por horário" })
    .click();
  await page
    .getByLabel("Bloquear o acesso fora do horário")
    .check({ force: true });
  await page
    .getByRole("button", { name: "Adicionar intervalo em Segunda-feira" })
    .click();
  await page.getByLabel("Início do intervalo 1 de Segunda-feira").fill("08:00");
  await page.getByLabel("Fim do intervalo 1 de Segunda-feira").fill("18:00");
  await page
    .getByRole("button", { name: "Copiar dia para a semana (Segunda-feira)" })
    .click();
  await page.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Horário de acesso salvo.").waitFor();
  await screenshot(page, "17-user-access-hours");

  const users = await call("GET", "/users?q=dora");
  const dora = users.items[0];
  assert.equal(dora.phone, "+5511987654321");
  assert.equal(
    dora.department_ids.length,
    2,
    "Financeiro, and Comercial created on the spot",
  );
  assert.equal(
    (await call("GET", `/users/${dora.id}/channels`)).channel_ids.length,
    1,
  );
  const hours = await call("GET", `/users/${dora.id}/access-hours`);
  assert.equal(hours.enabled, true);
  assert.equal(hours.rules.length, 7, "Monday's interval copied to every day");
  // No journey after this one may depend on the hour the suite runs at: keep her week, stop enforcing it.
  await call("PUT", `/users/${dora.id}/access-hours`, {
    enabled: false,
    timezone: hours.timezone,
    rules: hours.rules,
  });
  await page.close();
});

test("an attendant outside access hours is refused at login with the next allowed time", async () => {
  const call = await area.api();
  const email = "noturno@padaria.test";
  const created = await call("POST", "/users", {
    name: "Noturno",
    email,
    password: PASSWORD,
  });
  // Three days from today (UTC), so never today or tomorrow in São Paulo: refused at any hour.
  const today = new Date().getUTCDay();
  const weekday = WEEKDAYS[(today + 3) % 7];
  await call("PUT", `/users/${created.id}/access-hours`, {
    enabled: true,
    timezone: "America/Sao_Paulo",
    admins_bypass: true,
    rules: [{ weekday, start: "08:00", end: "09:00" }],
  });

  const page = await area.page();
  await logIn(page, "/login", email, PASSWORD);
  const refusal = page.getByRole("alert");
  await refusal
    .getByText(
      /Fora do seu horário de acesso\. Você poderá entrar a partir de \d{2}\/\d{2}\/\d{4}, \d{2}:\d{2} \S+\./,
    )
    .waitFor();
  await screenshot(page, "12-login-outside-access-hours");

  await page.getByLabel("Senha").fill("senha-errada-123");
  await page.getByRole("button", { name: "Entrar" }).click();
  await refusal.getByText("E-mail ou senha incorretos.").waitFor();
  await page.close();
});

test("the header shows the presence the server has, after a reload too, and changes it only when the user chooses", async () => {
  const page = await area.pageAs();
  const agree = (wanted) =>
    eventually(async () => {
      const [shown, server] = await Promise.all([
        shownPresence(page),
        serverPresence(page),
      ]);
      return shown === server && shown === wanted;
    }, `header and server ${wanted}`);
  await agree("online");
  await page.reload();
  await agree("online");
  await screenshot(page, "31-header-presence-after-reload");

  await page
    .getByRole("radiogroup", { name: "Sua presença" })
    .getByText("Ausente")
    .click();
  await agree("away");

  // The history of these changes, in the company's time zone (São Paulo; the browser runs elsewhere).
  await openFromMenu(page, "Atendentes");
  await page.mouse.move(900, 400); // off the menu, which opens over the page
  await page.getByRole("link", { name: "Administrador" }).click();
  await page.getByRole("tab", { name: "Histórico online/offline" }).click();
  await page
    .getByText("(Horário Padrão de Brasília, o fuso da empresa)", {
      exact: false,
    })
    .waitFor();
  await page
    .getByRole("cell", { name: /\d{2}:\d{2} BRT$/ })
    .first()
    .waitFor();
  await screenshot(page, "35-user-presence-history");
  // Whatever a reload makes of a chosen presence is the server's rule: the header shows what it has.
  await page.reload();
  await eventually(
    async () => (await shownPresence(page)) === (await serverPresence(page)),
    "the header shows the server's presence after a reload",
  );
  await page.close();
});
