import { describe, expect, it } from "vitest";

import { lastWeeks, legendSteps, levelOf } from "./volume";

describe("the volume report's rules", () => {
  it("reads the last four weeks to today in the company's zone", () => {
    // 01:00 UTC on 1 December is still 30 November in São Paulo.
    expect(lastWeeks(new Date("2026-12-01T01:00:00Z"), "America/Sao_Paulo", 4)).toEqual(["2026-11-03", "2026-11-30"]);
  });

  it("shades a cell by its share of the busiest hour, any conversation visible", () => {
    expect(levelOf(0, 10)).toBe(0);
    expect(levelOf(1, 100)).toBe(1);
    expect(levelOf(10, 10)).toBe(5);
    expect(levelOf(6, 10)).toBe(3);
    expect(levelOf(3, 0)).toBe(0);
  });

  it("names the counts of each shade in the legend, agreeing with the cells", () => {
    expect(legendSteps(10)).toEqual([
      { level: 1, from: 1, to: 2 },
      { level: 2, from: 3, to: 4 },
      { level: 3, from: 5, to: 6 },
      { level: 4, from: 7, to: 8 },
      { level: 5, from: 9, to: 10 },
    ]);
    for (const step of legendSteps(10)) {
      expect([levelOf(step.from, 10), levelOf(step.to, 10)]).toEqual([step.level, step.level]);
    }
    expect(legendSteps(2)).toEqual([
      { level: 3, from: 1, to: 1 },
      { level: 5, from: 2, to: 2 },
    ]);
    expect(legendSteps(0)).toEqual([]);
  });
});
