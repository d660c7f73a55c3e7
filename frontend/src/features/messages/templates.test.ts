import { describe, expect, it } from "vitest";

import { customerWindow, fillTemplate, parametersComplete } from "./templates";

describe("templates", () => {
  it("fills the placeholders in order and leaves the missing ones showing", () => {
    const body = "Olá {{1}}, seu boleto de {{2}} vence em {{3}}.";
    expect(fillTemplate(body, ["Maria", "R$ 120,00", "10/12"])).toBe(
      "Olá Maria, seu boleto de R$ 120,00 vence em 10/12.",
    );
    expect(fillTemplate(body, ["Maria", " "])).toBe("Olá Maria, seu boleto de {{2}} vence em {{3}}.");
    expect(fillTemplate("{{2}} e {{ 1 }} e {{1}}", ["a", "b"])).toBe("b e a e a");
    expect(fillTemplate("Sem variáveis {{nome}}", ["x"])).toBe("Sem variáveis {{nome}}");
  });

  it("asks for one value per placeholder, none blank", () => {
    expect(parametersComplete(["a", "b"], 2)).toBe(true);
    expect(parametersComplete(["a", " "], 2)).toBe(false);
    expect(parametersComplete(["a"], 2)).toBe(false);
    expect(parametersComplete([], 0)).toBe(true);
  });

  it("reads the window as none, open or closed", () => {
    const now = Date.parse("2026-12-03T12:00:00Z");
    expect(customerWindow(null, now)).toBe("none");
    expect(customerWindow(undefined, now)).toBe("none");
    expect(customerWindow("2026-12-03T12:00:01Z", now)).toBe("open");
    expect(customerWindow("2026-12-03T12:00:00Z", now)).toBe("closed");
  });
});
