// The help pages' own words, step by step, as a freshly registered attendant: the administrator registers her
// ("Configurações › Atendentes", "Cadastrar usuário"), links her to a channel and imports groups; she finds the
// imported group in Chat › Grupos before anyone wrote in it and writes first, then answers a pending conversation,
// which becomes hers ("Em atendimento"). Every time shown is in the company's zone; the screens in pt-BR and English.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openFromMenu, openSettings, screenshot } from "../lib/browser.mjs";
import {
  connectedChannel,
  enableGroups,
  eventually,
  inbound,
  seedGroups,
} from "../lib/fixtures.mjs";
import { ADMIN, PASSWORD } from "../lib/server.mjs";

const area = journeyArea();

const ESTELA = { name: "Estela", email: "estela@padaria.test" };
/** The company's zone, and a browser elsewhere: every time shown must be the company's, with its zone's name. */
const COMPANY_ZONE = "America/Manaus";
const BROWSER = { timezoneId: "Europe/Lisbon" };
const CUSTOMER = "+5511955550001";

/** `at` as the SPA must show it: in the company's zone, followed by the zone's short name (it is not the browser's). */
function companyTime(page, at, language = "pt-BR") {
  return page.evaluate(
    ({ at, zone, language }) => {
      const moment = new Date(at);
      const text = new Intl.DateTimeFormat(language, {
        dateStyle: "short",
        timeStyle: "short",
        timeZone: zone,
      }).format(moment);
      const name = new Intl.DateTimeFormat(language, {
        timeZone: zone,
        timeZoneName: "short",
      })
        .formatToParts(moment)
        .find((part) => part.type === "timeZoneName").value;
      return `${text} ${name}`;
    },
    { at, zone: COMPANY_ZONE, language },
  );
}

/** A screenshot once the screen's transitions (the queue's sliding marker, a closing dialog: Mantine's 200 ms) ended. */
async function shoot(page, name) {
  await page.waitForTimeout(300);
  await screenshot(page, name);
}

/** "Passe o mouse sobre o menu lateral esquerdo. Clique em Atendentes … Clique em Cadastrar usuário. … clique em
 * Incluir usuário", then her chat parameters and "Canais e departamentos: Canal: número de WhatsApp vinculado ao
 * atendente". */
async function registerEstela(page) {
  await openFromMenu(page, "Atendentes");
  await page.mouse.move(900, 400); // off the menu, which opens over the page
  await page.getByRole("button", { name: "Cadastrar usuário" }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel(/^Nome/).fill(ESTELA.name);
  await form.getByLabel("E-mail").fill(ESTELA.email);
  await form.getByLabel(/^Senha/).fill(PASSWORD);
  await form.getByLabel("Confirmação de senha").fill(PASSWORD);
  await screenshot(page, "hp-01-register-attendant");
  await form.getByRole("button", { name: "Incluir usuário" }).click();
  await page.getByRole("tab", { name: "Dados pessoais" }).waitFor();

  await page.getByRole("tab", { name: "Parâmetros de chat" }).click();
  await page.getByText("Gerenciamento de conversas").waitFor();
  assert.equal(
    await page.getByLabel("Perfil de permissões").first().inputValue(),
    "Atendente",
    "she starts from the Atendente profile (the form's wallet and agenda switches aside)",
  );
  await page.getByRole("radio", { name: /^Todas/ }).check({ force: true });
  await page.getByRole("button", { name: "Salvar" }).click();
  await page.getByText("Parâmetros de chat salvos.").waitFor();
  await screenshot(page, "hp-02-attendant-chat-parameters");

  await page.getByRole("tab", { name: "Canais e departamentos" }).click();
  await page.getByLabel("Canais", { exact: true }).first().click();
  await page.getByRole("option", { name: /WhatsApp Vendas/ }).click();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Salvar" }).first().click();
  await page.getByText("Canais salvos.").waitFor();
  await screenshot(page, "hp-03-attendant-channel");
}

/** "Acesse Configurações › Grupos de WhatsApp. Clique em Importar grupos. Selecione o número … OK … Marque o
 * checkbox dos grupos … Clique em Importar grupos selecionados." */
async function importGroup(page, subject) {
  await openSettings(page, "Grupos de WhatsApp");
  await page.getByRole("button", { name: "Importar grupos" }).click();
  await page.getByRole("combobox", { name: "Escolha o canal" }).click();
  await page.getByRole("option", { name: /WhatsApp Vendas/ }).click();
  await page.getByRole("button", { name: "OK" }).click();
  await page.getByLabel(subject).check();
  await page
    .getByRole("button", { name: "Importar grupos selecionados" })
    .click();
  await page.getByText("1 grupo importado.").waitFor();
  await page.getByRole("dialog").waitFor({ state: "hidden" });
  await page.getByRole("table").getByText(subject).waitFor();
  await shoot(page, "hp-04-groups-imported");
}

test("a freshly registered attendant finds the imported group in Chat › Grupos and writes first, and answering a pending conversation makes it hers", async () => {
  await enableGroups(area.server.base);
  const call = await area.api();
  await call("PATCH", "/company", { timezone: COMPANY_ZONE });
  const channel = await connectedChannel(call, "WhatsApp Vendas");
  await seedGroups(call, channel, 4, 6);

  const admin = await area.pageAs(ADMIN.email, ADMIN.password, BROWSER);
  await registerEstela(admin);
  await importGroup(admin, "Grupo 0002");
  await inbound(call, channel, CUSTOMER, "Oi! Meu pedido ainda não chegou.");
  // The administrator keeps Chat › Conversas › Pendentes open meanwhile: what Estela does reaches it live.
  await openFromMenu(admin, "Chat");
  const waiting = admin.getByRole("listitem").filter({ hasText: CUSTOMER });
  await waiting.waitFor();

  // "Após importar, os grupos ficam disponíveis na área de Chat, dentro da função Grupos."
  const estela = await area.pageAs(ESTELA.email, PASSWORD, BROWSER);
  await openFromMenu(estela, "Chat");
  await estela.getByRole("tab", { name: "Grupos" }).click();
  const group = estela.getByRole("listitem").filter({ hasText: "Grupo 0002" });
  const [listed] = (await call("GET", "/conversations?kind=group")).items;
  assert.equal(listed.unread_count, 0, "nobody wrote in it yet");
  await group
    .getByText(await companyTime(estela, listed.last_message_at))
    .waitFor();
  await shoot(estela, "hp-05-chat-groups-before-anyone-writes");

  // "Nela, você poderá visualizar, enviar mensagens": she writes first.
  await group.click();
  await estela.getByText("Nenhuma mensagem ainda.").waitFor();
  const thread = estela.locator('[aria-live="polite"]');
  const composer = estela.getByLabel("Escreva uma mensagem");
  await composer.fill("Bom dia, equipe! Estou à disposição por aqui.");
  await estela.getByRole("button", { name: "Enviar" }).click();
  await thread
    .getByText("Bom dia, equipe! Estou à disposição por aqui.")
    .waitFor();
  const [written] = (await call("GET", `/conversations/${listed.id}/messages`))
    .items;
  await thread.getByText(await companyTime(estela, written.sent_at)).waitFor();
  await shoot(estela, "hp-06-group-written-first");

  // "Receber e responder mensagens nos canais vinculados": a customer waits in Pendentes.
  await estela.getByRole("tab", { name: "Conversas" }).click();
  const queues = estela.getByRole("radiogroup", { name: "Fila" });
  const customer = estela.getByRole("listitem").filter({ hasText: CUSTOMER });
  await customer.click();
  await thread.getByText("Oi! Meu pedido ainda não chegou.").waitFor();
  await estela.getByText("Pendente", { exact: true }).waitFor();
  await shoot(estela, "hp-07-pending-conversation");
  await composer.fill("Olá! Sou a Estela, vou verificar o seu pedido.");
  await estela.getByRole("button", { name: "Enviar" }).click();
  await eventually(
    async () => (await customer.count()) === 0,
    "the answered conversation leaves her Pendentes",
  );
  await eventually(
    async () => (await waiting.count()) === 0,
    "and the administrator's, through the realtime feed (no reload)",
  );
  await admin
    .getByRole("radiogroup", { name: "Fila" })
    .getByText("Em atendimento")
    .click();
  await waiting.waitFor();
  await admin.close();
  await queues.getByText("Em atendimento").click();
  await customer.waitFor();
  await estela.getByText("Em atendimento", { exact: true }).last().waitFor();
  const [answered] = (
    await call("GET", `/conversations?status=open&kind=direct`)
  ).items;
  const me = (await call("GET", `/users?q=estela`)).items[0];
  assert.equal(
    answered.assigned_to,
    me.id,
    "hers, as whoever answers takes it",
  );
  await shoot(estela, "hp-08-answered-in-progress");

  // The same screens in English, times still in the company's zone.
  await estela.getByRole("button", { name: /^Sua conta/ }).click();
  await estela.getByRole("menuitem", { name: "English" }).click();
  await estela
    .getByRole("radiogroup", { name: "Queue" })
    .getByText("In progress")
    .waitFor();
  await estela
    .getByText(await companyTime(estela, answered.last_message_at, "en"))
    .first()
    .waitFor();
  await shoot(estela, "en-hp-08-answered-in-progress");
  await estela.getByRole("tab", { name: "Groups" }).click();
  await estela.getByRole("listitem").filter({ hasText: "Grupo 0002" }).click();
  await estela
    .locator('[aria-live="polite"]')
    .getByText(await companyTime(estela, written.sent_at, "en"))
    .waitFor();
  await shoot(estela, "en-hp-06-group-written-first");
  await estela.close();
});
