import { describe, expect, it } from "vitest";

import i18n from ".";
import { NAMESPACES } from "./namespaces";

/** Every key of a namespace's texts, nested keys joined with dots. */
function keysOf(text: object, prefix = ""): string[] {
  return Object.entries(text).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : keysOf(value as object, `${prefix}${key}.`),
  );
}

describe("counts", () => {
  it("read as Brazilians write them: zero takes the plural", () => {
    const t = i18n.getFixedT("pt-BR", "groups");
    expect([0, 1, 2].map((count) => t("wizard.selected", { count }))).toEqual([
      "0 selecionados",
      "1 selecionado",
      "2 selecionados",
    ]);
    expect(t("wizard.progress", { done: 0, count: 1 })).toBe("0 de 1 grupo");
  });

  it("and as English does", () => {
    const t = i18n.getFixedT("en", "groups");
    expect([0, 1, 2].map((count) => t("wizard.imported", { count }))).toEqual([
      "0 groups imported.",
      "1 group imported.",
      "2 groups imported.",
    ]);
  });

  // Portuguese plural rules put 0 with 1 ("0 selecionado"): each count needs its `_zero` form.
  it("have a zero form wherever they have a singular", () => {
    for (const [name, text] of Object.entries(NAMESPACES)) {
      const keys = keysOf(text["pt-BR"]);
      const missing = keys
        .filter((key) => key.endsWith("_one"))
        .filter((key) => !keys.includes(key.replace(/_one$/, "_zero")));
      expect(missing, name).toEqual([]);
    }
  });
});
