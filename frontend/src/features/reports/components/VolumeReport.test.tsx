// "Volume": the heatmap's cells with their counts and labels, shaded against the busiest hour, its legend, and the
// CSV asked in the reader's language.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { meKey } from "../../../app/me";
import { renderWithApp, testQueryClient } from "../../../test/render";
import { VolumeReport } from "./VolumeReport";

const { get } = vi.hoisted(() => ({ get: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: vi.fn(), PATCH: vi.fn() },
}));
vi.mock("../../../lib/download", () => ({ saveFile: vi.fn() }));

const WEEK = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const empty = () => Array.from({ length: 24 }, () => 0);
const days = WEEK.map((weekday) => ({ weekday, hours: empty(), total: 0 }));
days[0] = { weekday: "monday", hours: empty().map((_, hour) => (hour === 9 ? 10 : hour === 14 ? 3 : 0)), total: 13 };
days[6] = { weekday: "sunday", hours: empty().map((_, hour) => (hour === 23 ? 1 : 0)), total: 1 };
const volume = { timezone: "America/Sao_Paulo", days, total: 14, max: 10 };

beforeEach(() => {
  get.mockReset();
  get.mockImplementation(async (path: string) => {
    const data = path.endsWith(".csv") ? new Blob(["x"]) : volume;
    return { data, response: new Response(null) };
  });
});

describe("the volume report", () => {
  it("lays the week out Monday first, each hour with its count, shade and label", async () => {
    const client = testQueryClient();
    client.setQueryData(meKey, { user: { id: "u1", name: "Ana" }, permissions: [], company: { timezone: "UTC" } });
    renderWithApp(<VolumeReport />, client);
    const busiest = await screen.findByRole("cell", { name: "segunda-feira, 9h: 10 conversas" });
    expect(busiest.textContent).toBe("10");
    expect(screen.getByRole("cell", { name: "domingo, 23h: 1 conversa" }).textContent).toBe("1");
    expect(screen.getAllByRole("cell")).toHaveLength(7 * 24);
    const rows = screen.getAllByRole("rowheader").map((header) => header.getAttribute("title"));
    expect(rows).toEqual([
      "segunda-feira",
      "terça-feira",
      "quarta-feira",
      "quinta-feira",
      "sexta-feira",
      "sábado",
      "domingo",
    ]);
    const shadeOf = (name: string) => screen.getByRole("cell", { name }).getAttribute("style") ?? "";
    expect(shadeOf("segunda-feira, 9h: 10 conversas")).toContain("blue-9");
    expect(shadeOf("segunda-feira, 14h: 3 conversas")).toContain("blue-3");
    expect(shadeOf("domingo, 23h: 1 conversa")).toContain("blue-1");
    expect(screen.getByText("9–10")).toBeTruthy();
    expect(screen.getByText(/14 conversas iniciadas/)).toBeTruthy();
    const asked = get.mock.calls.find(([path]) => path === "/api/v1/reports/volume");
    expect(Object.keys(asked?.[1].params.query).sort()).toEqual(["from", "to"]);

    fireEvent.click(screen.getByRole("button", { name: "Baixar CSV" }));
    await waitFor(() =>
      expect(get).toHaveBeenCalledWith(
        "/api/v1/reports/volume.csv",
        expect.objectContaining({ params: { query: expect.objectContaining({ lang: "pt-BR" }) } }),
      ),
    );
  });
});
