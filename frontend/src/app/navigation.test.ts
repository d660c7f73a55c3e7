import { describe, expect, it } from "vitest";

import { visibleNavItems } from "./navigation";
import { meWith } from "../test/me";
import type { Permission } from "./permissions";

const paths = (permissions: Permission[]) => visibleNavItems(meWith(permissions)).map((item) => item.path);

describe("the side menu", () => {
  it("shows an attendant without extra permissions Chat, their wallet and Configurações (their channels)", () => {
    expect(paths([])).toEqual(["/chat", "/contacts", "/settings"]);
  });

  it("leads those who may see attendants to Configurações › Atendentes from the menu too", () => {
    expect(paths(["users.view"])).toEqual(["/chat", "/contacts", "/settings/users", "/settings"]);
    expect(paths(["agenda.use", "users.manage"])).toEqual([
      "/chat",
      "/contacts",
      "/agenda",
      "/settings/users",
      "/settings",
    ]);
  });
});
