import { describe, expect, it } from "vitest";

import { serviceDuration, totalsByGroup } from "./service";

describe("the service report's rules", () => {
  it("writes short waits with their seconds and long ones in hours", () => {
    expect(serviceDuration(null)).toBe("—");
    expect(serviceDuration(45)).toBe("45 s");
    expect(serviceDuration(4 * 60 + 5)).toBe("4 min 05 s");
    expect(serviceDuration(2 * 3600 + 5 * 60 + 59)).toBe("2 h 05");
  });

  it("adds up each group's conversations over the periods", () => {
    const row = (id: string | null, name: string, received: number, closed: number) => ({
      id,
      name,
      received,
      taken: 1,
      closed,
    });
    const rows = [row(null, "", 3, 0), row("ana", "Ana", 0, 2), row("ana", "Ana", 1, 1)];
    expect(totalsByGroup(rows, "Ninguém")).toEqual([
      { group: "Ninguém", received: 3, taken: 1, closed: 0 },
      { group: "Ana", received: 1, taken: 2, closed: 3 },
    ]);
  });
});
