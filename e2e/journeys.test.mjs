// The journeys of the help pages, through the built SPA and the real server (SQLite, simulator).
// Every screen visited is saved to e2e/screenshots/ for a person to look at.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { after, afterEach, before, test } from "node:test";

import {
  launchBrowser,
  logIn,
  openFromMenu,
  newPage,
  screenshot,
  takeCspViolations,
} from "./lib/browser.mjs";
import {
  ADMIN,
  OPERATOR,
  PASSWORD,
  apiSession,
  startServer,
} from "./lib/server.mjs";

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Every screen of every journey runs under the server's Content-Security-Policy.
afterEach(() => {
  assert.deepEqual(takeCspViolations(), []);
});

const WEEKDAYS = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
];

test("the operator switches WhatsApp groups on for the company", async () => {
  const page = await newPage(browser, server.base);
  await logIn(page, "/platform/login", OPERATOR.email, OPERATOR.password);
  const groups = page.getByLabel(`Grupos de WhatsApp: ${ADMIN.company}`);
  await groups.waitFor();
  await screenshot(page, "01-platform-companies");
  assert.equal(await groups.isChecked(), false);
  await groups.click({ force: true });
  await page
    .getByText(`Grupos de WhatsApp habilitados para ${ADMIN.company}.`)
    .waitFor();
  assert.equal(await groups.isChecked(), true);
  await page.close();
});

test("the administrator adds a QR channel, sees its QR Code and it connects once scanned", async () => {
  const page = await newPage(browser, server.base);
  await logIn(page, "/login", ADMIN.email, ADMIN.password);
  await openFromMenu(page, "Canais");
  await page.getByText("Nenhum canal ainda").waitFor();
  await screenshot(page, "02-channels-empty");

  await page.getByRole("button", { name: "Adicionar canal" }).click();
  await page.getByLabel("Nome do canal").fill("WhatsApp Vendas");
  await page.getByText("Simulador", { exact: true }).click();
  await screenshot(page, "03-channel-add");
  await page.getByRole("button", { name: "Adicionar", exact: true }).click();
  const row = page.getByTestId("channel-WhatsApp Vendas");
  await row.getByText("Desconectado").waitFor();

  await row.getByRole("button", { name: "Conectar" }).click();
  await page.getByAltText("QR Code para conectar o WhatsApp").waitFor();
  await page.getByText(/O código se renova em \d+ s/).waitFor();
  await screenshot(page, "04-channel-qr");
  await page
    .getByRole("button", { name: "Simular leitura (simulador)" })
    .click();
  await page.getByText("Canal WhatsApp Vendas conectado!").waitFor();
  await row.getByText("Conectado", { exact: true }).waitFor();
  assert.match(
    await row.innerText(),
    /\+55\d{10,11}/,
    "the connected number is shown",
  );

  await page.getByRole("button", { name: "Adicionar canal" }).click();
  await page.getByLabel("Nome do canal").fill("API oficial");
  await page.getByText("API oficial (Cloud API)", { exact: true }).click();
  await page
    .getByLabel("ID do número de telefone (phone_number_id)")
    .fill("106540352242922");
  await page.getByLabel("Token de acesso").fill("EAAG-e2e-token");
  await page
    .getByLabel("Chave secreta do app (app secret)")
    .fill("e2e-app-secret");
  await page.getByLabel("Token de verificação do webhook").fill("e2e-verify");
  await page.getByRole("button", { name: "Adicionar", exact: true }).click();
  await page.getByText("Webhook do canal").waitFor();
  const url = await page.getByLabel("URL").inputValue();
  assert.match(url, /\/api\/v1\/webhooks\/whatsapp-cloud\/[0-9a-f-]{36}$/);
  await screenshot(page, "05-channel-webhook");
  await page.keyboard.press("Escape");
  await screenshot(page, "06-channels");
  await page.close();
});

test("the administrator registers an attendant, links a department and a channel, and sets access hours", async () => {
  const page = await newPage(browser, server.base);
  await logIn(page, "/login", ADMIN.email, ADMIN.password);
  await openFromMenu(page, "Departamentos");
  await page.getByLabel("Nome do departamento").fill("Financeiro");
  await page.getByRole("button", { name: "Adicionar" }).click();
  await page.getByRole("cell", { name: "Financeiro", exact: true }).waitFor();
  await screenshot(page, "13-departments");

  await openFromMenu(page, "Atendentes");
  await page.getByRole("button", { name: "Cadastrar usuário" }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel(/^Nome/).fill("Dora");
  await form.getByLabel("E-mail").fill("dora@padaria.test");
  await form.getByLabel(/^Senha/).fill(PASSWORD);
  await form.getByLabel("Confirmação de senha").fill("outra-senha-123");
  await form.getByRole("button", { name: "Incluir usuário" }).click();
  await form.getByText("A confirmação não confere com a senha.").waitFor();
  await form.getByLabel("Confirmação de senha").fill(PASSWORD);
  await form.getByLabel("Telefone (opcional)").fill("+5511987654321");
  await screenshot(page, "14-user-create");
  await form.getByRole("button", { name: "Incluir usuário" }).click();
  await page.getByRole("tab", { name: "Dados pessoais" }).waitFor();
  await screenshot(page, "15-user-personal");

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
  await cards.last().click();
  await page.getByText("Departamentos salvos.").waitFor();
  await screenshot(page, "16-user-links");

  await page.getByRole("tab", { name: "Horário de acesso" }).click();
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

  const call = await apiSession(server.base, ADMIN.email, ADMIN.password);
  const users = await call("GET", "/users?q=dora");
  const dora = users.items[0];
  assert.equal(dora.phone, "+5511987654321");
  assert.equal(dora.department_ids.length, 1);
  assert.equal(
    (await call("GET", `/users/${dora.id}/channels`)).channel_ids.length,
    1,
  );
  const hours = await call("GET", `/users/${dora.id}/access-hours`);
  assert.equal(hours.enabled, true);
  assert.equal(hours.rules.length, 7, "Monday's interval copied to every day");
  // Later journeys log in as Dora whatever the hour the suite runs at; keep her week, stop enforcing it.
  await call("PUT", `/users/${dora.id}/access-hours`, {
    enabled: false,
    timezone: hours.timezone,
    rules: hours.rules,
  });
  await page.close();
});

test("the administrator pre-imports the channel's groups, imports two, and Cloud API channels explain why they cannot", async () => {
  const call = await apiSession(server.base, ADMIN.email, ADMIN.password);
  const channels = await call("GET", "/channels");
  const simulator = channels.items.find(
    (channel) => channel.kind === "simulator",
  );
  await call("POST", `/simulator/channels/${simulator.id}/groups`, {
    count: 12,
    participants_per_group: 8,
  });

  const page = await newPage(browser, server.base);
  await logIn(page, "/login", ADMIN.email, ADMIN.password);
  await openFromMenu(page, "Grupos de WhatsApp");
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
  await page.getByRole("option", { name: /API oficial/ }).click();
  await page.getByRole("button", { name: "OK" }).click();
  await page.getByText(/não permite grupos/).waitFor();
  await screenshot(page, "10-groups-cloud-api-refused");
  await page.keyboard.press("Escape");

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

test("an attendant sees the group in Chat › Grupos, writes in it, and new messages arrive without reloading", async () => {
  const call = await apiSession(server.base, ADMIN.email, ADMIN.password);
  const groups = await call("GET", "/groups?q=0002");
  const group = groups.items[0];
  const channel = group.channel_id;
  const say = (text) =>
    call("POST", `/simulator/channels/${channel}/inbound`, {
      from: "+5511977770000",
      text,
      group_external_id: group.external_id,
    });
  await say("Bom dia, grupo!");
  const dora = (await call("GET", "/users?q=dora")).items[0];
  await call("PUT", `/users/${dora.id}/permissions`, {
    permissions: ["messages.send", "wallet.view_all"],
  });

  const page = await newPage(browser, server.base);
  await logIn(page, "/login", "dora@padaria.test", PASSWORD);
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
  await screenshot(page, "23-chat-group");
  await page.close();
});

test("the administrator sets a channel's greeting flow, and a new contact gets the menu and is routed by the answer", async () => {
  const call = await apiSession(server.base, ADMIN.email, ADMIN.password);
  const billing = await call("POST", "/departments", { name: "Cobrança" });
  const channels = await call("GET", "/channels");
  const channel = channels.items.find(
    (item) => item.name === "WhatsApp Vendas",
  );

  const page = await newPage(browser, server.base);
  await logIn(page, "/login", ADMIN.email, ADMIN.password);
  await openFromMenu(page, "Canais");
  await page.getByRole("button", { name: "Ações: WhatsApp Vendas" }).click();
  await page.getByRole("menuitem", { name: "Fluxo de atendimento" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Enviar o menu a contatos novos").check();
  await dialog
    .getByLabel("Saudação")
    .fill("Olá! Você falou com a Padaria. Escolha uma opção:");
  await dialog.getByRole("button", { name: "Adicionar opção" }).click();
  await dialog
    .getByRole("textbox", { name: "Opção 1" })
    .fill("Boletos e pagamentos");
  await dialog.getByRole("combobox", { name: "Departamento" }).click();
  await page.getByRole("option", { name: "Cobrança" }).click();
  await dialog.getByText("1 - Boletos e pagamentos").waitFor();
  await screenshot(page, "27-channel-flow");
  await dialog.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Fluxo salvo.").waitFor();

  const contact = "+5511955550001";
  const say = (text) =>
    call("POST", `/simulator/channels/${channel.id}/inbound`, {
      from: contact,
      text,
    });
  await say("Oi, preciso da segunda via do boleto");
  await openFromMenu(page, "Chat");
  await page.getByRole("listitem").filter({ hasText: contact }).click();
  const thread = page.locator('[aria-live="polite"]');
  await thread.getByText("1 - Boletos e pagamentos").waitFor();
  await screenshot(page, "28-chat-flow-menu");
  await say("1");
  for (let attempt = 0; ; attempt += 1) {
    const listed = await call("GET", "/conversations");
    const conversation = listed.items.find((item) => item.chat_id === contact);
    if (conversation.department_id === billing.id) {
      assert.equal(conversation.awaiting_choice, false);
      break;
    }
    assert.ok(attempt < 100, "the answer routes the conversation to Cobrança");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  await page.getByRole("button", { name: "Contato" }).click();
  const drawer = page.getByRole("dialog");
  await drawer.getByText("Histórico").waitFor();
  await drawer.getByText("Oi, preciso da segunda via do boleto").waitFor();
  await screenshot(page, "29-chat-contact");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Transferir" }).click();
  const transfer = page.getByRole("dialog");
  await transfer.getByRole("combobox", { name: "Atendente" }).click();
  await page.getByRole("option", { name: "Dora" }).first().click();
  await screenshot(page, "30-chat-transfer");
  await transfer.getByRole("button", { name: "Transferir" }).click();
  await transfer.waitFor({ state: "hidden" });
  const dora = (await call("GET", "/users?q=dora")).items[0];
  const moved = (await call("GET", "/conversations")).items.find(
    (item) => item.chat_id === contact,
  );
  assert.equal(moved.assigned_to, dora.id, "transferred to Dora");
  await page.close();
});

test("the administrator puts a client in an attendant's wallet, and the attendant finds it as hers", async () => {
  const page = await newPage(browser, server.base);
  await logIn(page, "/login", ADMIN.email, ADMIN.password);
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

  const dora = await newPage(browser, server.base);
  await logIn(dora, "/login", "dora@padaria.test", PASSWORD);
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

test("the administrator creates an API token that an integration can use, and reads the audit log", async () => {
  const page = await newPage(browser, server.base);
  await logIn(page, "/login", ADMIN.email, ADMIN.password);
  await openFromMenu(page, "Configurações");
  await page.getByRole("tab", { name: "Tokens de API" }).click();
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

  const users = await fetch(`${server.base}/api/v1/users`, {
    headers: { authorization: `Bearer ${secret}` },
  });
  assert.equal(users.status, 200, "the token reads users");
  const departments = await fetch(`${server.base}/api/v1/departments`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${secret}`,
      "content-type": "application/json",
    },
    body: JSON.stringify({ name: "Fora do escopo" }),
  });
  assert.equal(departments.status, 403, "and nothing it was not given");

  await openFromMenu(page, "Auditoria");
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
  return { url, received, close: () => receiver.close() };
}

test("the administrator adds a webhook, keeps its secret, tests it and reads its deliveries", async () => {
  const receiver = await startReceiver();
  const page = await newPage(browser, server.base);
  await logIn(page, "/login", ADMIN.email, ADMIN.password);
  await openFromMenu(page, "Configurações");
  await page.getByRole("tab", { name: "Webhooks" }).click();
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
  receiver.close();
  await page.close();
});

test("the administrator sets the company's time zone in Configurações › Empresa", async () => {
  const page = await newPage(browser, server.base);
  await logIn(page, "/login", ADMIN.email, ADMIN.password);
  await openFromMenu(page, "Configurações");
  const zone = page.getByLabel("Fuso horário", { exact: true }).first();
  assert.equal(await zone.inputValue(), "America/Sao Paulo");
  await screenshot(page, "29-settings-company");
  await zone.fill("manaus");
  await page.getByRole("option", { name: "America/Manaus" }).click();
  await page.getByRole("button", { name: "Salvar alterações" }).click();
  await page.getByText("Dados da empresa salvos.").waitFor();
  await screenshot(page, "30-settings-company-saved");

  const call = await apiSession(server.base, ADMIN.email, ADMIN.password);
  const company = await call("GET", "/company");
  assert.equal(company.timezone, "America/Manaus");
  assert.equal(company.name, ADMIN.company, "the name is kept");
  await page.close();
});

test("the administrator books appointments in the agenda's week and month, in the company's time zone", async () => {
  const call = await apiSession(server.base, ADMIN.email, ADMIN.password);
  const contacts = await call("GET", "/contacts?q=alvaro");
  const contact = contacts.items[0];
  const page = await newPage(browser, server.base);
  await logIn(page, "/login", ADMIN.email, ADMIN.password);
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

test("an attendant outside access hours is refused at login with the next allowed time", async () => {
  const call = await apiSession(server.base, ADMIN.email, ADMIN.password);
  const email = "noturno@padaria.test";
  const created = await call("POST", "/users", {
    name: "Noturno",
    email,
    password: PASSWORD,
  });
  const today = new Date().getUTCDay();
  const weekday = WEEKDAYS[(today + 3) % 7];
  await call("PUT", `/users/${created.id}/access-hours`, {
    enabled: true,
    timezone: "America/Sao_Paulo",
    admins_bypass: true,
    rules: [{ weekday, start: "08:00", end: "09:00" }],
  });

  const page = await newPage(browser, server.base);
  await logIn(page, "/login", email, PASSWORD);
  const refusal = page.getByRole("alert");
  await refusal
    .getByText(
      /Fora do seu horário de acesso\. Você poderá entrar a partir de \d{2}\/\d{2}\/\d{4}/,
    )
    .waitFor();
  await screenshot(page, "12-login-outside-access-hours");

  await page.getByLabel("Senha").fill("senha-errada-123");
  await page.getByRole("button", { name: "Entrar" }).click();
  await refusal.getByText("E-mail ou senha incorretos.").waitFor();
  await page.close();
});

test("the API docs open under the same Content-Security-Policy", async () => {
  const page = await newPage(browser, server.base);
  await page.goto("/api/docs");
  await page.getByText("BlocoPro API").first().waitFor();
  await page.getByText("/api/v1/agenda/events").first().waitFor();
  await screenshot(page, "13-api-docs");
  await page.close();
});

test("the main screens read in English", async () => {
  const page = await newPage(browser, server.base);
  await logIn(page, "/login", ADMIN.email, ADMIN.password);
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
