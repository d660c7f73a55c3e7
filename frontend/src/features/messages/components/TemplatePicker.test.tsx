// A Cloud API conversation whose 24-hour window has closed: the thread says so and offers the channel's approved
// templates instead of free text, with a form for the template's variables, a live preview and the send.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { meKey } from "../../../app/me";
import type { Me } from "../../../app/permissions";
import { renderWithApp, testQueryClient } from "../../../test/render";
import { type MessageTemplate, channelOptionsKey, templatesKey } from "../../channels/api";
import { type Conversation, conversationKey, messagesKey } from "../../conversations/api";
import { Thread } from "../../conversations/components/Thread";
import { CUSTOMER, OWN_NUMBER, message } from "../test/fixtures";

const { get, post, upload } = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn(), upload: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: post, PATCH: vi.fn() },
}));
vi.mock("../api", async (original) => ({
  ...(await original<typeof import("../api")>()),
  uploadMedia: upload,
}));

const HOUR = 3_600_000;

function conversationClosingIn(hours: number): Conversation {
  return {
    id: "conv",
    channel_id: "cloud",
    kind: "direct",
    chat_id: CUSTOMER,
    title: "Maria",
    status: "open",
    awaiting_choice: false,
    unread_count: 0,
    last_message_at: new Date(Date.now() - 30 * HOUR).toISOString(),
    last_message_kind: "text",
    labels: [],
    customer_window_closes_at: new Date(Date.now() + hours * HOUR).toISOString(),
    created_at: new Date(Date.now() - 40 * HOUR).toISOString(),
    updated_at: new Date(Date.now() - 30 * HOUR).toISOString(),
  };
}

function template(
  name: string,
  body: string,
  count: number,
  header?: string,
  more: Partial<MessageTemplate> = {},
): MessageTemplate {
  return {
    name,
    language: "pt_BR",
    category: "UTILITY",
    status: "APPROVED",
    body_text: body,
    parameter_count: count,
    header_text: header ?? null,
    header_parameter_count: 0,
    header_media: null,
    sendable: true,
    buttons: [],
    components: [],
    synced_at: "2026-12-03T08:00:00Z",
    ...more,
  };
}

const me = {
  user: { id: "u1", name: "Bia", permissions: ["messages.send"] },
  permissions: ["messages.send"],
  company: { timezone: "America/Sao_Paulo" },
} as unknown as Me;

function showThread(conversation: Conversation, templates: MessageTemplate[]) {
  get.mockImplementation(async (path: string) => ({
    data:
      path === "/api/v1/channels/{id}/templates"
        ? { items: templates }
        : path === "/api/v1/conversations/{id}"
          ? conversation
          : { items: [], next_cursor: null },
    response: new Response(null, { status: 200 }),
  }));
  const client = testQueryClient();
  client.setQueryData(meKey, me);
  client.setQueryData(conversationKey(conversation.id), conversation);
  client.setQueryData(channelOptionsKey, [{ id: "cloud", kind: "whatsapp_cloud", phone_number: OWN_NUMBER }]);
  client.setQueryData(messagesKey(conversation.id), {
    items: [message("m1", { text: "Meu boleto venceu?" })],
    next_cursor: null,
  });
  client.setQueryData(templatesKey("cloud"), { items: templates });
  renderWithApp(<Thread id={conversation.id} />, client);
}

beforeEach(() => {
  get.mockReset();
  post.mockReset();
  post.mockImplementation(async () => ({ data: {}, response: new Response(null, { status: 202 }) }));
});

describe("the 24-hour window", () => {
  it("shows when it closes while it is open, and the free-text composer", () => {
    showThread(conversationClosingIn(5), [template("boas_vindas", "Bem-vindo!", 0)]);
    expect(screen.getByTestId("customer-window").textContent).toMatch(/Janela de atendimento de 24 h aberta até /);
    expect(screen.getByRole("textbox", { name: "Escreva uma mensagem" })).toBeTruthy();
    expect(screen.queryByRole("form", { name: "Enviar um modelo aprovado" })).toBeNull();
  });

  it("once closed, offers the approved templates instead of free text", () => {
    showThread(conversationClosingIn(-2), [template("boas_vindas", "Bem-vindo!", 0)]);
    expect(screen.getByTestId("customer-window").textContent).toMatch(/A janela de 24 h fechou em /);
    expect(screen.queryByRole("textbox", { name: "Escreva uma mensagem" })).toBeNull();
    expect(screen.getByRole("form", { name: "Enviar um modelo aprovado" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Ações da mensagem" })).toBeNull();
  });

  it("says so when the channel has no approved template", () => {
    showThread(conversationClosingIn(-2), []);
    expect(screen.getByText(/Este canal não tem modelos aprovados/)).toBeTruthy();
  });
});

describe("the template picker", () => {
  const boleto = template("boleto_vencendo", "Olá {{1}}, seu boleto de {{2}} vence em {{3}}.", 3, "Acme Telecom");

  it("asks for each variable, previews the body as typed and sends the template with its values", async () => {
    showThread(conversationClosingIn(-2), [template("boas_vindas", "Bem-vindo!", 0), boleto]);
    const form = screen.getByRole("form", { name: "Enviar um modelo aprovado" });
    const send = within(form).getByRole("button", { name: "Enviar modelo" }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.click(within(form).getByLabelText("Modelo aprovado"));
    fireEvent.click(await screen.findByRole("option", { name: "boleto_vencendo (pt_BR)" }));

    const preview = screen.getByTestId("template-preview");
    expect(within(preview).getByText("Acme Telecom")).toBeTruthy();
    expect(within(preview).getByText("Olá {{1}}, seu boleto de {{2}} vence em {{3}}.")).toBeTruthy();
    fireEvent.change(screen.getByRole("textbox", { name: "Variável 1" }), { target: { value: "Maria" } });
    fireEvent.change(screen.getByRole("textbox", { name: "Variável 2" }), { target: { value: "R$ 120,00" } });
    expect(within(preview).getByText("Olá Maria, seu boleto de R$ 120,00 vence em {{3}}.")).toBeTruthy();
    expect(send.disabled).toBe(true);
    fireEvent.change(screen.getByRole("textbox", { name: "Variável 3" }), { target: { value: "10/12" } });
    expect(within(preview).getByText("Olá Maria, seu boleto de R$ 120,00 vence em 10/12.")).toBeTruthy();
    expect(send.disabled).toBe(false);

    fireEvent.click(send);
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    const [path, request] = post.mock.calls[0]!;
    expect(path).toBe("/api/v1/conversations/{id}/messages");
    expect(request.params.path).toEqual({ id: "conv" });
    expect(request.params.header["Idempotency-Key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(request.body).toEqual({
      template: {
        name: "boleto_vencendo",
        language: "pt_BR",
        parameters: ["Maria", "R$ 120,00", "10/12"],
        header_parameters: [],
        button_parameters: [],
      },
    });
    await waitFor(() => expect(screen.queryByTestId("template-preview")).toBeNull());
  });

  it("sends a template without variables as it is", async () => {
    showThread(conversationClosingIn(-2), [template("boas_vindas", "Bem-vindo à Acme!", 0)]);
    const form = screen.getByRole("form", { name: "Enviar um modelo aprovado" });
    fireEvent.click(within(form).getByLabelText("Modelo aprovado"));
    fireEvent.click(await screen.findByRole("option", { name: "boas_vindas (pt_BR)" }));
    expect(screen.queryByRole("textbox", { name: "Variável 1" })).toBeNull();
    expect(within(screen.getByTestId("template-preview")).getByText("Bem-vindo à Acme!")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Enviar modelo" }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]![1].body).toEqual({
      template: {
        name: "boas_vindas",
        language: "pt_BR",
        parameters: [],
        header_parameters: [],
        button_parameters: [],
      },
    });
  });

  async function choose(name: string) {
    const form = screen.getByRole("form", { name: "Enviar um modelo aprovado" });
    fireEvent.click(within(form).getByLabelText("Modelo aprovado"));
    fireEvent.click(await screen.findByRole("option", { name: `${name} (pt_BR)` }));
    return within(form).getByRole("button", { name: "Enviar modelo" }) as HTMLButtonElement;
  }

  it("asks for the header's variables and the buttons' values, and sends them by index", async () => {
    const order = template("pedido_enviado", "Olá {{1}}, seu pedido saiu.", 1, "Pedido {{1}}", {
      header_parameter_count: 1,
      buttons: [
        {
          index: 0,
          type: "URL",
          text: "Rastrear",
          url: "https://acme.test/r/{{1}}",
          parameter: "url",
          parameter_required: true,
        },
        {
          index: 1,
          type: "QUICK_REPLY",
          text: "Falar com alguém",
          parameter: "quick_reply",
          parameter_required: false,
        },
        { index: 2, type: "PHONE_NUMBER", text: "Ligar", parameter: null, parameter_required: false },
      ],
    });
    showThread(conversationClosingIn(-2), [order]);
    const send = await choose("pedido_enviado");
    const preview = screen.getByTestId("template-preview");
    fireEvent.change(screen.getByRole("textbox", { name: "Variável do cabeçalho 1" }), { target: { value: "#4521" } });
    fireEvent.change(screen.getByRole("textbox", { name: "Variável 1" }), { target: { value: "Maria" } });
    expect(within(preview).getByText("Pedido #4521")).toBeTruthy();
    expect(within(preview).getByText("Ligar")).toBeTruthy();
    expect(screen.queryByRole("textbox", { name: /Ligar/ })).toBeNull();
    expect(send.disabled).toBe(true);
    fireEvent.change(screen.getByRole("textbox", { name: "Final do link do botão “Rastrear”" }), {
      target: { value: "BR4521" },
    });
    expect(send.disabled).toBe(false);
    fireEvent.click(send);
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]![1].body).toEqual({
      template: {
        name: "pedido_enviado",
        language: "pt_BR",
        parameters: ["Maria"],
        header_parameters: ["#4521"],
        button_parameters: [{ index: 0, value: "BR4521" }],
      },
    });
  });

  it("uploads the header's file first and sends the template with its id", async () => {
    upload.mockReturnValue({ done: Promise.resolve({ id: "upload-1" }), cancel: vi.fn() });
    const invoice = template("fatura", "Sua fatura de {{1}} chegou.", 1, undefined, { header_media: "document" });
    showThread(conversationClosingIn(-2), [invoice, template("loja", "Visite-nos", 0, undefined, { sendable: false })]);
    const form = screen.getByRole("form", { name: "Enviar um modelo aprovado" });
    fireEvent.click(within(form).getByLabelText("Modelo aprovado"));
    expect(screen.queryByRole("option", { name: "loja (pt_BR)" })).toBeNull();
    fireEvent.click(await screen.findByRole("option", { name: "fatura (pt_BR)" }));
    const send = within(form).getByRole("button", { name: "Enviar modelo" }) as HTMLButtonElement;
    fireEvent.change(screen.getByRole("textbox", { name: "Variável 1" }), { target: { value: "dezembro" } });
    expect(send.disabled).toBe(true);
    const file = new File(["%PDF-1.7"], "fatura.pdf", { type: "application/pdf" });
    const input = form.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() => expect(send.disabled).toBe(false));
    expect(within(screen.getByTestId("template-preview")).getByText("fatura.pdf")).toBeTruthy();
    fireEvent.click(send);
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(upload).toHaveBeenCalledWith(file, "document", expect.any(Function));
    expect(post.mock.calls[0]![1].body.template).toEqual({
      name: "fatura",
      language: "pt_BR",
      parameters: ["dezembro"],
      header_parameters: [],
      header_media_id: "upload-1",
      button_parameters: [],
    });
  });
});
