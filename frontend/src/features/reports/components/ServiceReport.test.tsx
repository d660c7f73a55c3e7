// "Atendimento": the rows per attendant with their durations, nobody's row named, the queues now, and the CSV asked in
// the reader's language.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { meKey } from "../../../app/me";
import { renderWithApp, testQueryClient } from "../../../test/render";
import { ServiceReport } from "./ServiceReport";

const { get } = vi.hoisted(() => ({ get: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: vi.fn(), PATCH: vi.fn() },
}));
vi.mock("../../../lib/download", () => ({ saveFile: vi.fn() }));

const figures = { received: 0, taken: 0, transferred: 0, closed: 0, messages_sent: 0, messages_received: 0 };
const none = {
  first_response_median_seconds: null,
  first_response_p90_seconds: null,
  resolution_median_seconds: null,
  resolution_p90_seconds: null,
};
const service = {
  timezone: "America/Sao_Paulo",
  group_by: "attendant",
  items: [
    { ...figures, ...none, first_day: "2026-11-30", id: null, name: "", received: 3 },
    {
      ...figures,
      first_day: "2026-11-30",
      id: "u1",
      name: "Ana",
      taken: 2,
      closed: 1,
      messages_sent: 7,
      first_response_median_seconds: 45,
      first_response_p90_seconds: 300,
      resolution_median_seconds: 7500,
      resolution_p90_seconds: 7500,
    },
  ],
};
const queues = {
  timezone: "America/Sao_Paulo",
  items: [
    {
      department_id: "d1",
      department_name: "Vendas",
      waiting: 4,
      oldest_waiting_since: "2026-11-30T12:00:00Z",
      oldest_wait_seconds: 125,
    },
  ],
};

beforeEach(() => {
  get.mockReset();
  get.mockImplementation(async (path: string) => {
    const data = path === "/api/v1/reports/queues" ? queues : path.endsWith(".csv") ? new Blob(["x"]) : service;
    return { data, response: new Response(null) };
  });
});

describe("the service report", () => {
  it("shows each attendant's figures, nobody's row and the queues now", async () => {
    const client = testQueryClient();
    client.setQueryData(meKey, { user: { id: "u1", name: "Ana" }, permissions: [], company: { timezone: "UTC" } });
    renderWithApp(<ServiceReport />, client);
    expect(await screen.findByText("Ana")).toBeTruthy();
    expect(screen.getByText("Sem atendente")).toBeTruthy();
    expect(screen.getByText("45 s / 5 min 00 s")).toBeTruthy();
    expect(screen.getByText("2 h 05 / 2 h 05")).toBeTruthy();
    expect(await screen.findByText("Vendas")).toBeTruthy();
    expect(screen.getByText("2 min 05 s")).toBeTruthy();
    const asked = get.mock.calls.find(([path]) => path === "/api/v1/reports/service");
    expect(asked?.[1].params.query).toMatchObject({ granularity: "day", group_by: "attendant" });

    fireEvent.click(screen.getAllByRole("button", { name: "Baixar CSV" })[0]!);
    await waitFor(() =>
      expect(get).toHaveBeenCalledWith(
        "/api/v1/reports/service.csv",
        expect.objectContaining({ params: { query: expect.objectContaining({ lang: "pt-BR" }) } }),
      ),
    );
  });
});
