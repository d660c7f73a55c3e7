import { describe, expect, it } from "vitest";

import {
  type AccessRule,
  addHoliday,
  addInterval,
  clockMinutes,
  copyDayToWeek,
  dayMinutes,
  emptyWeek,
  groupByDay,
  isIsoDate,
  normalizeClock,
  removeInterval,
  ruleSlot,
  toRules,
  validateWeek,
} from "./week";

const rules: AccessRule[] = [
  { weekday: "tuesday", start: "13:00", end: "18:00" },
  { weekday: "monday", start: "13:00", end: "18:00" },
  { weekday: "monday", start: "08:00", end: "12:00" },
  { weekday: "saturday", start: "08:00", end: "12:00" },
];

describe("clock times", () => {
  it("reads HH:MM from 00:00 to 24:00 and nothing else", () => {
    expect(clockMinutes("00:00")).toBe(0);
    expect(clockMinutes("08:30")).toBe(510);
    expect(clockMinutes("23:59")).toBe(1439);
    expect(clockMinutes("24:00")).toBe(1440);
    for (const bad of ["24:01", "25:00", "8:00", "08:60", "", "08h00", "12:5"]) expect(clockMinutes(bad)).toBeNull();
  });

  it("normalizes what people type", () => {
    expect(normalizeClock("8")).toBe("08:00");
    expect(normalizeClock("800")).toBe("08:00");
    expect(normalizeClock("0830")).toBe("08:30");
    expect(normalizeClock("8:5")).toBe("08:05");
    expect(normalizeClock("18h30")).toBe("18:30");
    expect(normalizeClock("24")).toBe("24:00");
    expect(normalizeClock(" 12:00 ")).toBe("12:00");
    expect(normalizeClock("99")).toBe("99");
    expect(normalizeClock("abc")).toBe("abc");
  });
});

describe("grouping rules by day", () => {
  it("groups per weekday, sorted by start, and gives the rules back Monday first", () => {
    const week = groupByDay(rules);
    expect(week.monday).toEqual([
      { start: "08:00", end: "12:00" },
      { start: "13:00", end: "18:00" },
    ]);
    expect(week.sunday).toEqual([]);
    expect(toRules(week)).toEqual([
      { weekday: "monday", start: "08:00", end: "12:00" },
      { weekday: "monday", start: "13:00", end: "18:00" },
      { weekday: "tuesday", start: "13:00", end: "18:00" },
      { weekday: "saturday", start: "08:00", end: "12:00" },
    ]);
  });

  it("finds where the server's rules[i] sits in the editor", () => {
    const week = groupByDay(rules);
    expect(ruleSlot(week, 0)).toEqual({ day: "monday", interval: 0 });
    expect(ruleSlot(week, 1)).toEqual({ day: "monday", interval: 1 });
    expect(ruleSlot(week, 2)).toEqual({ day: "tuesday", interval: 0 });
    expect(ruleSlot(week, 3)).toEqual({ day: "saturday", interval: 0 });
    expect(ruleSlot(week, 4)).toBeNull();
  });
});

describe("copy a day to the week", () => {
  it("replaces every other day with copies of the day's intervals", () => {
    const week = copyDayToWeek(groupByDay(rules), "monday");
    for (const day of ["tuesday", "wednesday", "saturday", "sunday"] as const) {
      expect(week[day]).toEqual(week.monday);
      expect(week[day]).not.toBe(week.monday);
    }
    expect(toRules(week)).toHaveLength(14);
  });

  it("copies only to the given days, and an empty day empties them", () => {
    const week = copyDayToWeek(groupByDay(rules), "sunday", ["monday", "tuesday", "wednesday", "thursday", "friday"]);
    expect(week.monday).toEqual([]);
    expect(week.tuesday).toEqual([]);
    expect(week.saturday).toEqual([{ start: "08:00", end: "12:00" }]);
  });

  it("leaves the original week untouched", () => {
    const original = groupByDay(rules);
    copyDayToWeek(original, "monday");
    expect(original.sunday).toEqual([]);
  });
});

describe("adding and removing intervals", () => {
  it("starts an empty day with a morning and continues after the last interval", () => {
    let week = addInterval(emptyWeek(), "friday");
    expect(week.friday).toEqual([{ start: "08:00", end: "12:00" }]);
    week = addInterval(week, "friday");
    expect(week.friday[1]).toEqual({ start: "13:00", end: "18:00" });
    week = addInterval({ ...week, friday: [{ start: "20:00", end: "23:30" }] }, "friday");
    expect(week.friday[1]).toEqual({ start: "", end: "" });
    expect(removeInterval(week, "friday", 0).friday).toEqual([{ start: "", end: "" }]);
  });
});

describe("validation", () => {
  it("accepts a usual week, adjacent intervals and the end of the day", () => {
    const week = groupByDay([
      ...rules,
      { weekday: "wednesday", start: "08:00", end: "12:00" },
      { weekday: "wednesday", start: "12:00", end: "24:00" },
    ]);
    expect(validateWeek(week)).toEqual({});
  });

  it("refuses end before start (no crossing midnight), bad times and overlaps", () => {
    const week = emptyWeek();
    week.monday = [{ start: "22:00", end: "06:00" }];
    week.tuesday = [{ start: "8:00", end: "12:00" }];
    week.wednesday = [{ start: "08:00", end: "25:00" }];
    week.thursday = [{ start: "10:00", end: "10:00" }];
    week.friday = [
      { start: "08:00", end: "12:00" },
      { start: "13:00", end: "18:00" },
      { start: "11:00", end: "14:00" },
    ];
    week.saturday = [{ start: "24:00", end: "24:00" }];
    week.sunday = [{ start: "00:00", end: "00:00" }];
    expect(validateWeek(week)).toEqual({
      "monday.0": "end_before_start",
      "tuesday.0": "invalid_start",
      "wednesday.0": "invalid_end",
      "thursday.0": "end_before_start",
      "friday.0": "overlap",
      "friday.2": "overlap",
      "friday.1": "overlap",
      "saturday.0": "invalid_start",
      "sunday.0": "invalid_end",
    });
  });

  it("counts a day's allowed time once where intervals overlap", () => {
    expect(
      dayMinutes([
        { start: "08:00", end: "12:00" },
        { start: "13:00", end: "18:00" },
      ]),
    ).toBe(540);
    expect(
      dayMinutes([
        { start: "08:00", end: "12:00" },
        { start: "10:00", end: "14:00" },
      ]),
    ).toBe(360);
    expect(dayMinutes([{ start: "", end: "12:00" }])).toBe(0);
  });
});

describe("holidays", () => {
  it("takes real dates once, in order", () => {
    expect(isIsoDate("2026-12-25")).toBe(true);
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("25/12/2026")).toBe(false);
    let holidays = addHoliday([], "2026-12-25");
    holidays = addHoliday(holidays, "2026-01-01");
    holidays = addHoliday(holidays, "2026-12-25");
    holidays = addHoliday(holidays, "nope");
    expect(holidays).toEqual(["2026-01-01", "2026-12-25"]);
  });
});
