import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { keys } from "../lib/queryKeys";
import { meWith } from "../test/me";
import { renderWithApp, testQueryClient } from "../test/render";
import { AppLayout } from "./AppLayout";
import type { Permission } from "./permissions";

function menuFor(permissions: Permission[]) {
  const queryClient = testQueryClient();
  queryClient.setQueryData(keys.me, meWith(permissions));
  renderWithApp(<AppLayout />, queryClient);
  const menu = screen.getByRole("navigation", { name: "Menu principal" });
  return within(menu)
    .getAllByRole("link")
    .map((link) => link.textContent);
}

describe("the side menu", () => {
  it("shows an attendant without permissions Chat, Contatos and Configurações (their channels)", () => {
    expect(menuFor([])).toEqual(["Chat", "Contatos", "Configurações"]);
  });

  it("shows each area to whoever holds its permission, in the menu's order", () => {
    expect(menuFor(["agenda.use", "settings.manage"])).toEqual(["Chat", "Contatos", "Agenda", "Configurações"]);
  });

  it("shows an administrator Atendentes (as the help says) besides Configurações, which gathers the rest", () => {
    const all: Permission[] = [
      "users.manage",
      "departments.manage",
      "groups.import",
      "agenda.use",
      "webhooks.manage",
      "audit.view",
    ];
    expect(menuFor(all)).toEqual(["Chat", "Contatos", "Agenda", "Atendentes", "Configurações"]);
  });
});
