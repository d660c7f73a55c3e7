import { describe, expect, it } from "vitest";

import { hoursAndMinutes, thisWeek, totalsByAttendant } from "./workingTime";

describe("the working-time report's rules", () => {
  it("starts the default period on the Monday of the company's week", () => {
    // Thursday 2026-12-03 at 01:00 UTC is still Wednesday the 2nd in São Paulo.
    expect(thisWeek(new Date("2026-12-03T01:00:00Z"), "America/Sao_Paulo")).toEqual(["2026-11-30", "2026-12-02"]);
    expect(thisWeek(new Date("2026-12-06T15:00:00Z"), "America/Sao_Paulo")).toEqual(["2026-11-30", "2026-12-06"]);
    expect(thisWeek(new Date("2026-11-30T15:00:00Z"), "America/Sao_Paulo")).toEqual(["2026-11-30", "2026-11-30"]);
  });

  it("sums each attendant's hours over the rows", () => {
    const row = (user_id: string, online: number, away: number) => ({
      user_id,
      user_name: user_id.toUpperCase(),
      online_seconds: online * 3600,
      away_seconds: away * 3600,
    });
    expect(totalsByAttendant([row("ana", 8, 1), row("bia", 6, 0.25), row("ana", 7.5, 0.5)])).toEqual([
      { attendant: "ANA", online: 15.5, away: 1.5 },
      { attendant: "BIA", online: 6, away: 0.3 },
    ]);
  });

  it("writes durations as hours and minutes", () => {
    expect(hoursAndMinutes(7 * 3600 + 5 * 60 + 59)).toBe("7 h 05");
    expect(hoursAndMinutes(0)).toBe("0 h 00");
    expect(hoursAndMinutes(30 * 3600)).toBe("30 h 00");
  });
});
