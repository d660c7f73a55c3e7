import { describe, expect, it } from "vitest";

import type { Permission } from "../permissions";
import { meWith } from "../../test/me";
import { SETTINGS_TABS, settingsPath, settingsTabOf, visibleSettingsTabs } from "./tabs";

const tabs = (permissions: Permission[]) => visibleSettingsTabs(meWith(permissions)).map((tab) => tab.path);

describe("the tabs of Configurações", () => {
  it("show an attendant without extra permissions only the channels they work on", () => {
    expect(tabs([])).toEqual(["channels", "quick-replies"]);
  });

  it("show each area to the holders of its permission, in order", () => {
    expect(tabs(["users.view"])).toEqual(["users", "channels", "quick-replies"]);
    expect(tabs(["departments.manage", "groups.import", "audit.view"])).toEqual([
      "departments",
      "channels",
      "quick-replies",
      "groups",
      "audit",
    ]);
    expect(tabs(["settings.manage", "api_tokens.manage", "webhooks.manage"])).toEqual([
      "channels",
      "quick-replies",
      "company",
      "api-tokens",
      "webhooks",
    ]);
  });

  it("show group managers the groups tab even when the feature is off (it explains why)", () => {
    expect(tabs(["groups.manage"])).toContain("groups");
  });

  it("show an administrator (who holds every key) every area, Atendentes first", () => {
    const every = [...new Set(SETTINGS_TABS.flatMap((tab) => tab.permissions))];
    expect(tabs(every)).toEqual([
      "users",
      "departments",
      "channels",
      "quick-replies",
      "labels",
      "groups",
      "company",
      "api-tokens",
      "webhooks",
      "audit",
    ]);
  });

  it("show nobody signed out anything", () => {
    expect(visibleSettingsTabs(undefined)).toEqual([]);
  });
});

describe("addresses under Configurações", () => {
  it("belong to the tab they are under", () => {
    expect(settingsTabOf("/settings/users")).toBe("users");
    expect(settingsTabOf(settingsPath("users", "42"))).toBe("users");
    expect(settingsTabOf("/settings/api-tokens")).toBe("api-tokens");
  });

  it("belong to no tab when they are Configurações itself, unknown, or elsewhere", () => {
    expect(settingsTabOf("/settings")).toBeUndefined();
    expect(settingsTabOf("/settings/nothing")).toBeUndefined();
    expect(settingsTabOf("/users")).toBeUndefined();
  });
});
