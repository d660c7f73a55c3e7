import { describe, expect, it } from "vitest";

import { visibleNavItems } from "./navigation";
import type { Me, Permission } from "./permissions";

function me(permissions: Permission[]): Me {
  return {
    permissions,
    presence: "online",
    company: {
      id: "c",
      name: "Acme",
      timezone: "America/Sao_Paulo",
      active: true,
      features: { whatsapp_groups: false },
      created_at: "2026-11-25T00:00:00Z",
    },
    user: {
      id: "u",
      name: "Dora",
      email: "dora@acme.test",
      status: "active",
      view_full_wallet: false,
      is_admin: false,
      agenda_access: false,
      visibility: "own",
      permissions,
      department_ids: [],
      created_at: "2026-11-25T00:00:00Z",
      updated_at: "2026-11-25T00:00:00Z",
    },
  } as Me;
}

const paths = (permissions: Permission[]) => visibleNavItems(me(permissions)).map((item) => item.path);

describe("the side menu", () => {
  it("shows an attendant without extra permissions Chat, their wallet and channels", () => {
    expect(paths([])).toEqual(["/chat", "/contacts", "/channels"]);
  });

  it("shows each area to the holders of its permission", () => {
    expect(paths(["users.view"])).toEqual(["/chat", "/contacts", "/users", "/channels"]);
    expect(paths(["departments.manage", "groups.import"])).toEqual([
      "/chat",
      "/contacts",
      "/departments",
      "/channels",
      "/groups",
    ]);
  });

  it("shows group managers the groups screen even when the feature is off (it explains why)", () => {
    expect(paths(["groups.manage"])).toContain("/groups");
  });
});
