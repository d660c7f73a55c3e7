import { describe, expect, it } from "vitest";

import { visibleNavItems } from "./navigation";
import { meWith } from "../test/me";
import type { Permission } from "./permissions";

const paths = (permissions: Permission[]) => visibleNavItems(meWith(permissions)).map((item) => item.path);

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
