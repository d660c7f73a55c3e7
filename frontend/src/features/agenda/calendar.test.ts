import { describe, expect, it } from "vitest";

import {
  addDays,
  byDay,
  dayIn,
  daysShown,
  instantOf,
  laterWallTime,
  monthGrid,
  rangeIn,
  startOfWeek,
  step,
  touchesDay,
  wallTimeIn,
} from "./calendar";

const SAO_PAULO = "America/Sao_Paulo"; // UTC−3 all year
const LISBON = "Europe/Lisbon"; // UTC+0 in winter, +1 in summer

describe("the agenda's week", () => {
  it("starts on Monday", () => {
    expect(startOfWeek("2026-11-29")).toBe("2026-11-23");
    expect(startOfWeek("2026-11-23")).toBe("2026-11-23");
    expect(daysShown("week", "2026-11-25")).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-29",
    ]);
  });

  it("steps a week at a time, across months and years", () => {
    expect(step("week", "2026-12-28", 1)).toBe("2027-01-04");
    expect(step("week", "2026-03-02", -1)).toBe("2026-02-23");
  });
});

describe("the agenda's month", () => {
  it("covers the month in whole weeks from Monday to Sunday", () => {
    const november = monthGrid("2026-11-17");
    expect(november).toHaveLength(6);
    expect(november[0]![0]).toBe("2026-10-26");
    expect(november[0]![6]).toBe("2026-11-01");
    expect(november[5]![6]).toBe("2026-12-06");
    expect(november.every((week) => week.length === 7)).toBe(true);
  });

  it("has four rows when the month fits them exactly", () => {
    const february = monthGrid("2027-02-10"); // 1 February 2027 is a Monday, 28 days
    expect(february).toHaveLength(4);
    expect([february[0]![0], february[3]![6]]).toEqual(["2027-02-01", "2027-02-28"]);
  });

  it("steps from the first of the month, so that the 31st does not skip a short month", () => {
    expect(step("month", "2026-01-31", 1)).toBe("2026-02-01");
    expect(step("month", "2026-03-31", -1)).toBe("2026-02-01");
    expect(daysShown("month", "2026-02-01")).toContain("2026-02-28");
  });
});

describe("days in the company's time zone", () => {
  it("places an instant on the date it has in the zone", () => {
    expect(dayIn("2026-11-26T02:00:00Z", SAO_PAULO)).toBe("2026-11-25");
    expect(dayIn("2026-11-26T02:00:00Z", LISBON)).toBe("2026-11-26");
  });

  it("asks the API for the view's days, from the zone's midnights", () => {
    const { from, to } = rangeIn(daysShown("week", "2026-11-25"), SAO_PAULO);
    expect(from.toISOString()).toBe("2026-11-23T03:00:00.000Z");
    expect(to.toISOString()).toBe("2026-11-30T03:00:00.000Z");
    const summer = rangeIn(["2026-07-01"], LISBON);
    expect([summer.from.toISOString(), summer.to.toISOString()]).toEqual([
      "2026-06-30T23:00:00.000Z",
      "2026-07-01T23:00:00.000Z",
    ]);
  });

  it("shows an appointment on every day it touches, and not on the day it ends at midnight", () => {
    const overnight = ["2026-11-24T00:00:00Z", "2026-11-24T05:00:00Z"] as const; // 21:00–02:00 in São Paulo
    expect(touchesDay(...overnight, "2026-11-23", SAO_PAULO)).toBe(true);
    expect(touchesDay(...overnight, "2026-11-24", SAO_PAULO)).toBe(true);
    expect(touchesDay(...overnight, "2026-11-25", SAO_PAULO)).toBe(false);
    const untilMidnight = ["2026-11-24T01:00:00Z", "2026-11-24T03:00:00Z"] as const;
    expect(touchesDay(...untilMidnight, "2026-11-24", SAO_PAULO)).toBe(false);
  });

  it("groups appointments by day", () => {
    const events = [
      { id: "a", starts_at: "2026-11-23T12:00:00Z", ends_at: "2026-11-23T13:00:00Z" },
      { id: "b", starts_at: "2026-11-24T12:00:00Z", ends_at: "2026-11-25T13:00:00Z" },
    ];
    const days = byDay(events, [addDays("2026-11-23", 0), "2026-11-24", "2026-11-25", "2026-11-26"], SAO_PAULO);
    expect([...days.values()].map((list) => list.map((event) => event.id))).toEqual([["a"], ["b"], ["b"], []]);
  });

  it("moves a wall time on the clock, across midnight", () => {
    expect(laterWallTime("2026-11-25 23:30:00", 60)).toBe("2026-11-26 00:30:00");
  });

  it("reads and writes the pickers' wall times in the zone", () => {
    expect(wallTimeIn("2026-11-25T12:30:00Z", SAO_PAULO)).toBe("2026-11-25 09:30:00");
    expect(instantOf("2026-11-25 09:30:00", SAO_PAULO)).toBe("2026-11-25T12:30:00.000Z");
    expect(instantOf("2026-07-01 09:00:00", LISBON)).toBe("2026-07-01T08:00:00.000Z");
  });
});
