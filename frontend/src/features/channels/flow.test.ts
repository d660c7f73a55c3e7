import { describe, expect, it } from "vitest";

import { type FlowValues, flowRequest, menuPreview } from "./flow";

const values: FlowValues = {
  enabled: true,
  greeting: " Olá! Com quem quer falar? ",
  retry_text: "Não entendi.",
  options: [
    { label: " Vendas ", department_id: "d1" },
    { label: "", department_id: "d2" },
    { label: "Suporte", department_id: null },
    { label: "Financeiro", department_id: "d3" },
  ],
};

describe("flowRequest", () => {
  it("numbers the complete options in order and trims the texts", () => {
    expect(flowRequest(values)).toEqual({
      enabled: true,
      greeting: "Olá! Com quem quer falar?",
      retry_text: "Não entendi.",
      options: [
        { number: 1, label: "Vendas", department_id: "d1" },
        { number: 2, label: "Financeiro", department_id: "d3" },
      ],
    });
  });
});

describe("menuPreview", () => {
  it("shows the menu as the contact receives it", () => {
    expect(menuPreview(values)).toBe("Olá! Com quem quer falar?\n\n1 - Vendas\n2 - Financeiro");
  });
});
