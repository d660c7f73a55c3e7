import { describe, expect, it } from "vitest";

import { companyTime } from "./companyTime";

describe("the company's time", () => {
  it("is labelled with the zone's name when the browser is elsewhere", () => {
    const time = companyTime("America/Sao_Paulo", "pt-BR", "Europe/Lisbon");
    expect(time.labelled).toBe(true);
    expect(time.dateTime("2026-11-25T11:00:00Z")).toBe("25/11/2026, 08:00 BRT");
    expect(time.zoneName).toBe("Horário Padrão de Brasília");
  });

  it("is written plainly when the browser shares the company's zone", () => {
    const time = companyTime("America/Sao_Paulo", "pt-BR", "America/Sao_Paulo");
    expect(time.labelled).toBe(false);
    expect(time.dateTime("2026-11-25T11:00:00Z")).toBe("25/11/2026, 08:00");
  });

  it("reads a moment in the company's zone, not the browser's", () => {
    expect(companyTime("America/Manaus", "pt-BR", "UTC").dateTime("2026-11-25T11:00:00Z")).toBe(
      "25/11/2026, 07:00 AMT",
    );
  });
});
