// Configurações › Etiquetas as an administrator uses it: the company's labels, created, recoloured and deleted.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { meKey } from "../../../app/me";
import { meWith } from "../../../test/me";
import { renderWithApp, testQueryClient } from "../../../test/render";
import type { Label } from "../api";
import { LabelsPage } from "./LabelsPage";

const { get, post, patch, del } = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn(), patch: vi.fn(), del: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: post, PATCH: patch, DELETE: del },
}));

const label = (id: string, name: string, colour: string): Label => ({
  id,
  name,
  colour,
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-01T00:00:00Z",
});

const ok = (data: unknown, status = 200) => ({ data, response: new Response(null, { status }) });

function showPage() {
  const client = testQueryClient();
  client.setQueryData(meKey, meWith(["labels.manage"]));
  renderWithApp(<LabelsPage />, client);
}

beforeEach(() => {
  for (const call of [get, post, patch, del]) call.mockReset();
  get.mockImplementation(async () => ok({ items: [label("l1", "VIP", "blue"), label("l2", "Atacado", "#1a7f64")] }));
});

describe("the labels of the company", () => {
  it("are listed with their colours", async () => {
    showPage();
    expect(await screen.findByText("VIP")).toBeTruthy();
    expect(screen.getByText("Azul")).toBeTruthy();
    expect(screen.getByText("#1a7f64")).toBeTruthy();
    expect(get).toHaveBeenCalledWith("/api/v1/labels");
  });

  it("are created with a name and a colour of the palette", async () => {
    post.mockImplementation(async () => ok(label("l3", "Boleto", "orange"), 201));
    showPage();
    await screen.findByText("VIP");
    fireEvent.click(screen.getByRole("button", { name: "Nova etiqueta" }));
    const dialog = await screen.findByRole("dialog", { name: "Nova etiqueta" });
    fireEvent.change(within(dialog).getByRole("textbox", { name: "Nome" }), { target: { value: " Boleto " } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Laranja" }));
    expect(within(dialog).getByRole("button", { name: "Laranja" }).getAttribute("aria-pressed")).toBe("true");
    fireEvent.click(within(dialog).getByRole("button", { name: "Salvar" }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]).toEqual(["/api/v1/labels", { body: { name: "Boleto", colour: "orange" } }]);
    await waitFor(() => expect(screen.queryByRole("dialog", { name: "Nova etiqueta" })).toBeNull());
  });

  it("say when the name is taken, whatever its case", async () => {
    const problem = { type: "about:blank", title: "Conflict", status: 409, detail: "taken", code: "label_name_taken" };
    post.mockImplementation(async () => ({ error: problem, response: new Response(null, { status: 409 }) }));
    showPage();
    await screen.findByText("VIP");
    fireEvent.click(screen.getByRole("button", { name: "Nova etiqueta" }));
    const dialog = await screen.findByRole("dialog", { name: "Nova etiqueta" });
    fireEvent.change(within(dialog).getByRole("textbox", { name: "Nome" }), { target: { value: "vip" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Salvar" }));
    expect(await within(dialog).findByText("Já existe uma etiqueta com este nome.")).toBeTruthy();
  });

  it("are renamed and recoloured, also to a colour of one's own", async () => {
    patch.mockImplementation(async () => ok(label("l1", "Cliente VIP", "#aa00ff")));
    showPage();
    await screen.findByText("VIP");
    fireEvent.click(screen.getByRole("button", { name: "Editar VIP" }));
    const dialog = await screen.findByRole("dialog", { name: "Editar etiqueta" });
    fireEvent.change(within(dialog).getByRole("textbox", { name: "Nome" }), { target: { value: "Cliente VIP" } });
    fireEvent.change(within(dialog).getByRole("textbox", { name: "Outra cor" }), { target: { value: "#aa00ff" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Salvar" }));
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    expect(patch.mock.calls[0]).toEqual([
      "/api/v1/labels/{id}",
      { params: { path: { id: "l1" } }, body: { name: "Cliente VIP", colour: "#aa00ff" } },
    ]);
  });

  it("are deleted after a confirmation", async () => {
    del.mockImplementation(async () => ok(undefined, 204));
    showPage();
    await screen.findByText("VIP");
    fireEvent.click(screen.getByRole("button", { name: "Excluir VIP" }));
    const dialog = await screen.findByRole("dialog", { name: "Excluir a etiqueta “VIP”?" });
    expect(within(dialog).getByText("Ela é retirada de todas as conversas.")).toBeTruthy();
    fireEvent.click(within(dialog).getByRole("button", { name: "Excluir" }));
    await waitFor(() => expect(del).toHaveBeenCalledWith("/api/v1/labels/{id}", { params: { path: { id: "l1" } } }));
  });
});
