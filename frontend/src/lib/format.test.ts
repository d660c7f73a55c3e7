import { describe, expect, it } from "vitest";

import { formatDateTime, zoneName } from "./format";

/** Intl may separate "8:00" and "AM" with a narrow no-break space. */
const plain = (text: string) => text.replace(/\s/g, " ");

describe("moments", () => {
  it("are written in the zone asked for, in the reader's language", () => {
    expect(formatDateTime("2026-11-25T11:00:00Z", "pt-BR", "America/Sao_Paulo")).toBe("25/11/2026, 08:00");
    expect(formatDateTime("2026-11-25T11:00:00Z", "pt-BR", "America/Manaus")).toBe("25/11/2026, 07:00");
  });

  it("carry the zone's short name when labelled", () => {
    expect(formatDateTime("2026-11-25T11:00:00Z", "pt-BR", "America/Sao_Paulo", true)).toBe("25/11/2026, 08:00 BRT");
    expect(plain(formatDateTime("2026-11-25T11:00:00Z", "en", "America/Sao_Paulo", true))).toBe(
      "11/25/26, 8:00 AM GMT-3",
    );
  });

  it("name the zone as it was at that moment (daylight saving)", () => {
    expect(formatDateTime("2026-07-01T12:00:00Z", "pt-BR", "Europe/Lisbon", true)).toBe("01/07/2026, 13:00 GMT+1");
    expect(formatDateTime("2026-01-01T12:00:00Z", "pt-BR", "Europe/Lisbon", true)).toBe("01/01/2026, 12:00 GMT+0");
  });

  it("are nothing when there is no moment", () => {
    expect(formatDateTime(null, "pt-BR", "America/Sao_Paulo", true)).toBe("");
  });
});

describe("zone names", () => {
  it("are short after a time and long over a screen", () => {
    expect(zoneName("America/Sao_Paulo", "pt-BR", "short")).toBe("BRT");
    expect(zoneName("America/Sao_Paulo", "pt-BR", "long")).toBe("Horário Padrão de Brasília");
    expect(zoneName("America/Sao_Paulo", "en", "long")).toBe("Brasilia Standard Time");
  });
});
