import { describe, expect, it } from "vitest";

import {
  type TemplateShape,
  buttonParameters,
  buttonsTakingValues,
  customerWindow,
  emptyValues,
  fillTemplate,
  parametersComplete,
  templateReady,
} from "./templates";

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

  it("is ready once the body, the header's text or file and the required buttons have values", () => {
    const order: TemplateShape = {
      parameter_count: 1,
      header_parameter_count: 1,
      header_media: null,
      sendable: true,
      buttons: [
        { index: 0, parameter: "url", parameter_required: true },
        { index: 1, parameter: "quick_reply", parameter_required: false },
        { index: 2, parameter: null, parameter_required: false },
      ],
    };
    const values = emptyValues(order);
    expect(values).toEqual({ parameters: [""], header: [""], buttons: {}, file: null });
    expect(buttonsTakingValues(order.buttons).map((button) => button.index)).toEqual([0, 1]);
    const filled = { ...values, parameters: ["Maria"], header: ["#1"] };
    expect(templateReady(order, filled)).toBe(false);
    const withLink = { ...filled, buttons: { 0: "BR1", 1: " " } };
    expect(templateReady(order, withLink)).toBe(true);
    expect(buttonParameters(withLink)).toEqual([{ index: 0, value: "BR1" }]);
    expect(buttonParameters({ ...withLink, buttons: { 1: "x", 0: "y" } })).toEqual([
      { index: 0, value: "y" },
      { index: 1, value: "x" },
    ]);
    expect(templateReady({ ...order, sendable: false }, withLink)).toBe(false);

    const invoice: TemplateShape = { ...order, header_parameter_count: 0, header_media: "document", buttons: [] };
    const noFile = { ...emptyValues(invoice), parameters: ["dez"] };
    expect(templateReady(invoice, noFile)).toBe(false);
    expect(templateReady(invoice, { ...noFile, file: new File(["%PDF"], "f.pdf") })).toBe(true);
  });

  it("reads the window as none, open or closed", () => {
    const now = Date.parse("2026-12-03T12:00:00Z");
    expect(customerWindow(null, now)).toBe("none");
    expect(customerWindow(undefined, now)).toBe("none");
    expect(customerWindow("2026-12-03T12:00:01Z", now)).toBe("open");
    expect(customerWindow("2026-12-03T12:00:00Z", now)).toBe("closed");
  });
});
