import { screen } from "@testing-library/react";
import { Route, Routes, useLocation } from "react-router";
import { describe, expect, it } from "vitest";

import { keys } from "../../lib/queryKeys";
import { meWith } from "../../test/me";
import { renderWithApp, testQueryClient } from "../../test/render";
import type { Permission } from "../permissions";
import { FirstSettingsTab, SettingsLayout } from "./SettingsLayout";

function Where() {
  return <p data-testid="where">{useLocation().pathname}</p>;
}

/** Configurações opened at `path` by someone holding `permissions`: the tabs shown and where the address ends. */
async function open(path: string, permissions: Permission[]) {
  const queryClient = testQueryClient();
  queryClient.setQueryData(keys.me, meWith(permissions));
  renderWithApp(
    <Routes>
      <Route path="/settings" element={<SettingsLayout />}>
        <Route index element={<FirstSettingsTab />} />
        <Route path="*" element={<Where />} />
      </Route>
    </Routes>,
    queryClient,
    path,
  );
  const where = (await screen.findByTestId("where")).textContent;
  const tabs = screen.getAllByRole("tab").map((tab) => tab.textContent);
  const selected = screen.queryByRole("tab", { selected: true })?.textContent;
  return { where, tabs, selected };
}

describe("Configurações", () => {
  it("opens by its address on the first tab the user may see", async () => {
    const admin = await open("/settings", ["users.manage", "settings.manage", "audit.view"]);
    expect(admin).toEqual({
      where: "/settings/users",
      tabs: ["Atendentes", "Canais", "Respostas rápidas", "Empresa", "Auditoria"],
      selected: "Atendentes",
    });
  });

  it("opens an attendant's on their channels", async () => {
    expect(await open("/settings", [])).toEqual({
      where: "/settings/channels",
      tabs: ["Canais", "Respostas rápidas"],
      selected: "Canais",
    });
  });

  it("keeps the tab of a page under it selected", async () => {
    expect((await open("/settings/users/42", ["users.view"])).selected).toBe("Atendentes");
  });

  it("sends an address the user may not open to their first tab", async () => {
    expect((await open("/settings/audit", ["users.view"])).where).toBe("/settings/users");
  });

  it("leaves the attendant's own page open to them", async () => {
    // meWith's user is "u".
    expect((await open("/settings/users/u", [])).where).toBe("/settings/users/u");
  });
});
