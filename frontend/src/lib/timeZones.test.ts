import { describe, expect, it } from "vitest";

import { COMMON_ZONES, zoneGroups, zoneLabel } from "./timeZones";

const values = (group: { items: { value: string }[] } | undefined) => group?.items.map((item) => item.value) ?? [];

describe("zone options", () => {
  it("offers the common zones first and every other known zone once after them", () => {
    const groups = zoneGroups("America/Sao_Paulo", ["Asia/Tokyo", "America/Sao_Paulo", "UTC"], "Common", "All");
    expect(groups.map((group) => group.group)).toEqual(["Common", "All"]);
    expect(values(groups[0])).toEqual(COMMON_ZONES);
    expect(values(groups[1])).toEqual(["Asia/Tokyo"]);
  });

  it("keeps a current zone the list does not have, so that the select can show it", () => {
    const groups = zoneGroups("Antarctica/Troll", [], "Common", "All");
    expect(values(groups[0])[0]).toBe("Antarctica/Troll");
    expect(groups).toHaveLength(1);
  });

  it("labels zones with spaces for searching", () => {
    expect(zoneLabel("America/Porto_Velho")).toBe("America/Porto Velho");
  });
});
