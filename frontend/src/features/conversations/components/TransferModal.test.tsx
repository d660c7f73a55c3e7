// "Transferir" with a note, and the transfer as the thread then shows it.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { message } from "../../messages/test/fixtures";
import { conversation, renderThread } from "../../messages/test/thread";
import { renderWithApp, testQueryClient } from "../../../test/render";
import { meKey } from "../../../app/me";
import { keys } from "../../../lib/queryKeys";
import { TransferModal } from "./TransferModal";

const { get, patch } = vi.hoisted(() => ({ get: vi.fn(), patch: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: vi.fn(), PATCH: patch },
}));

const page = (items: object[]) => ({ data: { items, next_cursor: null }, response: new Response(null) });

beforeEach(() => {
  get.mockReset();
  patch.mockReset();
  get.mockImplementation(async (path: string) =>
    path === "/api/v1/departments" ? page([{ id: "d1", name: "Financeiro" }]) : page([]),
  );
  patch.mockImplementation(async () => ({ data: conversation, response: new Response(null, { status: 200 }) }));
});

describe("a transfer", () => {
  it("sends the note left for whoever receives it", async () => {
    const client = testQueryClient();
    client.setQueryData(meKey, { user: { id: "u1", name: "Ana" }, permissions: ["conversations.transfer"] });
    client.setQueryData([...keys.departments, "all"], [{ id: "d1", name: "Financeiro" }]);
    renderWithApp(<TransferModal conversation={conversation} onClose={() => {}} />, client);
    const department = (await screen.findAllByLabelText("Departamento")).find((element) => element.tagName === "INPUT");
    fireEvent.click(department!);
    // jsdom lays nothing out: the dropdown counts as hidden.
    fireEvent.click(await screen.findByRole("option", { name: "Financeiro", hidden: true }));
    fireEvent.change(screen.getByLabelText("Nota para quem recebe (opcional)"), {
      target: { value: "  Já confirmei o CPF. " },
    });
    fireEvent.click(screen.getByRole("button", { name: "Transferir" }));
    await waitFor(() =>
      expect(patch).toHaveBeenCalledWith("/api/v1/conversations/{id}", {
        params: { path: { id: "conv" } },
        body: { action: "transfer", user_id: null, department_id: "d1", note: "Já confirmei o CPF." },
      }),
    );
  });

  it("shows in the thread: who moved it, to whom, and the note", () => {
    const moved = message("t1", {
      kind: "transfer",
      direction: "outbound",
      status: "sent",
      sender: "Ana",
      text: "Já confirmei o CPF.",
      transfer: { by: { id: "u1", name: "Ana" }, to_user: { id: "u2", name: "Bia" }, to_department: null },
    });
    renderThread([message("m1", { text: "Preciso do boleto" }), moved]);
    expect(screen.getByText("Ana transferiu para Bia")).toBeTruthy();
    expect(screen.getByText("“Já confirmei o CPF.”")).toBeTruthy();
  });
});
