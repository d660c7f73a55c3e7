import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderWithApp, testQueryClient } from "../../../test/render";
import { type AccessHours, type UserView, accessHoursKey } from "../api";
import { AccessHoursTab } from "./AccessHoursTab";

const dora = { id: "dora", name: "Dora", email: "dora@padaria.test" } as UserView;

function editor(hours: Partial<AccessHours> = {}) {
  const queryClient = testQueryClient();
  queryClient.setQueryData(accessHoursKey(dora.id), {
    enabled: true,
    timezone: "America/Sao_Paulo",
    admins_bypass: false,
    rules: [],
    holidays: [],
    ...hours,
  } satisfies AccessHours);
  renderWithApp(<AccessHoursTab user={dora} canManage />, queryClient);
}

const click = (name: string) => fireEvent.click(screen.getByRole("button", { name }));
const startOf = (n: number, day: string) => screen.queryByLabelText(`Início do intervalo ${n} de ${day}`);
const endOf = (n: number, day: string) => screen.queryByLabelText(`Fim do intervalo ${n} de ${day}`);

describe("the access-hours editor", () => {
  it("adds intervals to a day, the next one after the last, and removes them", () => {
    editor();
    expect(startOf(1, "Segunda-feira")).toBeNull();
    click("Adicionar intervalo em Segunda-feira");
    expect(startOf(1, "Segunda-feira")).toHaveProperty("value", "08:00");
    expect(endOf(1, "Segunda-feira")).toHaveProperty("value", "12:00");
    click("Adicionar intervalo em Segunda-feira");
    expect(startOf(2, "Segunda-feira")).toHaveProperty("value", "13:00");

    click("Remover intervalo 1 de Segunda-feira");
    expect(startOf(1, "Segunda-feira")).toHaveProperty("value", "13:00");
    expect(startOf(2, "Segunda-feira")).toBeNull();
    expect(startOf(1, "Terça-feira")).toBeNull();
  });

  it("copies a day's intervals to every other day of the week", () => {
    editor({ rules: [{ weekday: "monday", start: "07:30", end: "11:45" }] });
    expect(startOf(1, "Domingo")).toBeNull();
    click("Copiar dia para a semana (Segunda-feira)");
    for (const day of ["Terça-feira", "Quarta-feira", "Quinta-feira", "Sexta-feira", "Sábado", "Domingo"]) {
      expect(startOf(1, day)).toHaveProperty("value", "07:30");
      expect(endOf(1, day)).toHaveProperty("value", "11:45");
    }
    expect(screen.getByText(/Horários de Segunda-feira copiados/)).toBeTruthy();
  });

  it("shows an interval that ends before it starts as a problem of that interval", () => {
    editor({ rules: [{ weekday: "friday", start: "08:00", end: "12:00" }] });
    const end = endOf(1, "Sexta-feira")!;
    fireEvent.change(end, { target: { value: "07:00" } });
    fireEvent.blur(end);
    click("Salvar");
    expect(screen.getByText("O fim precisa ser depois do início.")).toBeTruthy();
  });
});
