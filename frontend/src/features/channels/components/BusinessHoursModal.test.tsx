import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithApp, testQueryClient } from "../../../test/render";
import { type BusinessHours, type Channel, businessHoursKey } from "../api";
import { BusinessHoursModal } from "./BusinessHoursModal";

const loja = { id: "loja", name: "WhatsApp Loja" } as Channel;

function dialog(hours: Partial<BusinessHours> = {}) {
  const queryClient = testQueryClient();
  queryClient.setQueryData(businessHoursKey(loja.id), {
    channel_id: loja.id,
    enabled: true,
    timezone: "America/Sao_Paulo",
    rules: [{ weekday: "friday", start: "08:00", end: "12:00" }],
    holidays: [],
    away_message: "Voltamos sexta às 8h.",
    open_now: false,
    changes_at: "2026-12-04T11:00:00Z",
    ...hours,
  } satisfies BusinessHours);
  renderWithApp(<BusinessHoursModal channel={loja} onClose={() => {}} />, queryClient);
}

describe("the business-hours dialog", () => {
  it("says whether the channel is open now and when that changes, in the company's zone", () => {
    dialog();
    expect(screen.getByText("Fechado agora")).toBeTruthy();
    expect(screen.getByText("abre em 04/12/2026, 08:00 BRT")).toBeTruthy();
    expect(screen.getByLabelText("Início do intervalo 1 de Sexta-feira")).toHaveProperty("value", "08:00");
    expect(screen.getAllByText("Fechado").length).toBe(6);
  });

  it("asks for the automatic answer before saving hours that are on", () => {
    dialog({ open_now: true, changes_at: "2026-12-04T15:00:00Z" });
    expect(screen.getByText("fecha em 04/12/2026, 12:00 BRT")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Resposta automática"), { target: { value: "  " } });
    fireEvent.click(screen.getByRole("button", { name: "Salvar" }));
    expect(screen.getByText("Escreva a resposta automática.")).toBeTruthy();
  });

  it("warns that hours switched on without any interval keep the channel closed", () => {
    dialog({ rules: [] });
    expect(screen.getByText(/o canal fica fechado o tempo todo/)).toBeTruthy();
  });
});
