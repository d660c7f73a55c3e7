import { describe, expect, it } from "vitest";

import { addDays, daysOf, startOfWeek, touchesDay } from "./week";

describe("the agenda's week", () => {
  it("starts on Monday", () => {
    const sunday = new Date(2026, 10, 29, 15, 0);
    expect(startOfWeek(sunday)).toEqual(new Date(2026, 10, 23));
    expect(startOfWeek(new Date(2026, 10, 23, 0, 0))).toEqual(new Date(2026, 10, 23));
    expect(daysOf(new Date(2026, 10, 23)).map((day) => day.getDate())).toEqual([23, 24, 25, 26, 27, 28, 29]);
  });

  it("shows an appointment on every day it touches", () => {
    const monday = new Date(2026, 10, 23);
    const overnight = [new Date(2026, 10, 23, 22), new Date(2026, 10, 24, 2)] as const;
    expect(touchesDay(...overnight, monday)).toBe(true);
    expect(touchesDay(...overnight, addDays(monday, 1))).toBe(true);
    expect(touchesDay(...overnight, addDays(monday, 2))).toBe(false);
    expect(touchesDay(new Date(2026, 10, 24, 0), new Date(2026, 10, 24, 1), monday)).toBe(false);
  });
});
