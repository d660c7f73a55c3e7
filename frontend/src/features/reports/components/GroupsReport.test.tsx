// "Grupos": messages per group and period, the most active participants named by their contact (else their number),
// one group chosen, and the CSVs.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { meKey } from "../../../app/me";
import { renderWithApp, testQueryClient } from "../../../test/render";
import { GroupsReport } from "./GroupsReport";

const { get } = vi.hoisted(() => ({ get: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: vi.fn(), PATCH: vi.fn() },
}));
vi.mock("../../../lib/download", () => ({ saveFile: vi.fn() }));

const groups = {
  timezone: "America/Sao_Paulo",
  groups: [
    { id: "g1", subject: "Clientes VIP", messages: 5 },
    { id: "g2", subject: "Fornecedores", messages: 0 },
  ],
  items: [
    { first_day: "2026-11-29", group_id: "g1", subject: "Clientes VIP", messages: 1 },
    { first_day: "2026-11-30", group_id: "g1", subject: "Clientes VIP", messages: 4 },
  ],
};
const participants = {
  timezone: "America/Sao_Paulo",
  items: [
    {
      group_id: "g1",
      subject: "Clientes VIP",
      rank: 1,
      number: "+5511911110002",
      contact_id: "c1",
      name: "Cliente Ana",
      messages: 3,
    },
    {
      group_id: "g1",
      subject: "Clientes VIP",
      rank: 2,
      number: "+5511977770001",
      contact_id: null,
      name: null,
      messages: 2,
    },
  ],
};

beforeEach(() => {
  get.mockReset();
  get.mockImplementation(async (path: string) => {
    const data = path.endsWith(".csv")
      ? new Blob(["x"])
      : path === "/api/v1/reports/groups/participants"
        ? participants
        : groups;
    return { data, response: new Response(null) };
  });
});

describe("the groups report", () => {
  it("shows each group's messages per day and its most active participants", async () => {
    const client = testQueryClient();
    client.setQueryData(meKey, { user: { id: "u1", name: "Ana" }, permissions: [], company: { timezone: "UTC" } });
    renderWithApp(<GroupsReport />, client);
    expect(await screen.findByText("Mensagens por grupo no período")).toBeTruthy();
    const table = screen.getAllByRole("table")[0]!;
    expect(table.textContent).toContain("30/11/2026");
    expect(await screen.findByText("Cliente Ana")).toBeTruthy();
    expect(screen.getByText("+5511911110002")).toBeTruthy();
    expect(screen.getByText("+5511977770001")).toBeTruthy();
    const asked = get.mock.calls.find(([path]) => path === "/api/v1/reports/groups");
    expect(asked?.[1].params.query).toMatchObject({ granularity: "day" });
    const all = get.mock.calls.find(([path]) => path === "/api/v1/reports/groups/participants");
    expect(all?.[1].params.query.group_id).toBeUndefined();

    const select = (await screen.findAllByLabelText("Grupo")).find((element) => element.tagName === "INPUT");
    fireEvent.click(select!);
    // jsdom lays nothing out: the dropdown counts as hidden.
    fireEvent.click(await screen.findByRole("option", { name: "Fornecedores", hidden: true }));
    await waitFor(() =>
      expect(get).toHaveBeenCalledWith(
        "/api/v1/reports/groups/participants",
        expect.objectContaining({ params: { query: expect.objectContaining({ group_id: "g2" }) } }),
      ),
    );

    fireEvent.click(screen.getAllByRole("button", { name: "Baixar CSV" })[0]!);
    await waitFor(() =>
      expect(get).toHaveBeenCalledWith(
        "/api/v1/reports/groups.csv",
        expect.objectContaining({ params: { query: expect.objectContaining({ lang: "pt-BR", granularity: "day" }) } }),
      ),
    );
  });
});
