// The composer's private notes and quick replies, inside a conversation, as the attendant uses them.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { Message } from "../api";
import { message } from "../test/fixtures";
import { conversation, renderThread } from "../test/thread";

const { get, post } = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: post, PATCH: vi.fn() },
}));

const reply = (shortcut: string, text: string, filled: string, scope: "company" | "personal" = "company") => ({
  id: `qr-${shortcut}`,
  scope,
  shortcut,
  text,
  filled_text: filled,
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-01T00:00:00Z",
});

const quickReplies = {
  items: [
    reply("pix", "Nossa chave Pix é 123.", "Nossa chave Pix é 123."),
    reply("saudacao", "Olá {{primeiro_nome}}!", "Olá Maria!"),
    reply("prazo", "Em 2 dias, {{primeiro_nome}}.", "Em 2 dias, Maria.", "personal"),
  ],
};

function showThread(messages: Message[]) {
  get.mockImplementation(async (path: string) => ({
    data: {
      "/api/v1/conversations/{id}": conversation,
      "/api/v1/conversations/{id}/messages": { items: [...messages].reverse(), next_cursor: null },
      "/api/v1/quick-replies": quickReplies,
    }[path],
    response: new Response(null, { status: 200 }),
  }));
  renderThread(messages);
}

beforeEach(() => {
  get.mockReset();
  post.mockReset();
  post.mockImplementation(async () => ({ data: {}, response: new Response(null, { status: 201 }) }));
});

describe("private notes", () => {
  it("show apart in the thread, with who wrote them", () => {
    const note = message("n1", {
      kind: "note",
      direction: "outbound",
      status: "sent",
      sender: "Ana Lima",
      text: "Cliente VIP",
    });
    showThread([message("m1", { text: "Oi" }), note]);
    const card = screen.getByText("Cliente VIP").closest<HTMLElement>('[data-kind="note"]')!;
    expect(card.getAttribute("aria-label")).toBe("Nota interna");
    expect(within(card).getByText("Cliente VIP")).toBeTruthy();
    expect(within(card).getByText(/Ana Lima/)).toBeTruthy();
    expect(within(card).queryByText("Enviada")).toBeNull();
  });

  it("are written with the composer switched to Nota interna, never as a message", async () => {
    showThread([message("m1", { text: "Oi" })]);
    fireEvent.click(screen.getByRole("radio", { name: "Nota interna" }));
    expect(screen.queryByRole("button", { name: "Anexar arquivo" })).toBeNull();
    const box = screen.getByRole("textbox", { name: "Nota interna: só a equipe vê, o cliente não recebe" });
    fireEvent.change(box, { target: { value: "Ligar amanhã" } });
    fireEvent.click(screen.getByRole("button", { name: "Adicionar nota" }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]?.[0]).toBe("/api/v1/conversations/{id}/notes");
    expect(post.mock.calls[0]?.[1]).toMatchObject({ params: { path: { id: "conv" } }, body: { text: "Ligar amanhã" } });
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(""));
  });
});

describe("quick replies in the composer", () => {
  it("open with /, filter as one types and insert the filled text with Enter", async () => {
    showThread([message("m1", { text: "Oi" })]);
    const box = screen.getByRole("textbox", { name: "Escreva uma mensagem" });
    fireEvent.change(box, { target: { value: "/" } });
    const list = await screen.findByRole("listbox", { name: "Respostas rápidas" });
    expect(within(list).getAllByRole("option")).toHaveLength(3);
    expect(get).toHaveBeenCalledWith("/api/v1/quick-replies", { params: { query: { conversation_id: "conv" } } });
    fireEvent.change(box, { target: { value: "Bom dia! /sau" } });
    await waitFor(() => expect(within(list).getAllByRole("option")).toHaveLength(1));
    fireEvent.keyDown(box, { key: "Enter" });
    expect((box as HTMLTextAreaElement).value).toBe("Bom dia! Olá Maria!");
    expect(post).not.toHaveBeenCalled();
    expect(screen.queryByRole("listbox", { name: "Respostas rápidas" })).toBeNull();
  });

  it("move with the arrows, wrapping around, and close with Escape", async () => {
    showThread([message("m1", { text: "Oi" })]);
    const box = screen.getByRole("textbox", { name: "Escreva uma mensagem" });
    fireEvent.change(box, { target: { value: "/" } });
    const list = await screen.findByRole("listbox", { name: "Respostas rápidas" });
    const selected = () => within(list).getByRole("option", { selected: true }).textContent;
    expect(selected()).toContain("/pix");
    fireEvent.keyDown(box, { key: "ArrowUp" });
    expect(selected()).toContain("/prazo");
    expect(selected()).toContain("Minha");
    fireEvent.keyDown(box, { key: "ArrowDown" });
    fireEvent.keyDown(box, { key: "ArrowDown" });
    expect(selected()).toContain("/saudacao");
    fireEvent.keyDown(box, { key: "Escape" });
    expect(screen.queryByRole("listbox", { name: "Respostas rápidas" })).toBeNull();
    expect((box as HTMLTextAreaElement).value).toBe("/");
  });
});
