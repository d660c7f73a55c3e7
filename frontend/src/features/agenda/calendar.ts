// The agenda's calendar, read in the company's time zone whatever the browser's: days are plain
// dates ("2026-11-25"), turned into instants only at the edges (the API's range, an event's start).
import dayjs from "dayjs";

import { type Day, addDays, dayIn, startOfDayIn } from "../../lib/calendar";

export { type Day, addDays, dayIn, startOfDayIn };
export type View = "week" | "month";

const DAY = "YYYY-MM-DD";
/** The value format of Mantine's date-time pickers. */
const WALL_TIME = "YYYY-MM-DD HH:mm:ss";

// Date arithmetic on plain dates happens in UTC, where every day has 24 hours.
const civil = (day: Day) => dayjs.utc(day);

export function addMonths(day: Day, months: number): Day {
  return civil(day).add(months, "month").format(DAY);
}

/** The Monday of the week containing `day`. */
export function startOfWeek(day: Day): Day {
  const sinceMonday = (civil(day).day() + 6) % 7;
  return addDays(day, -sinceMonday);
}

export function startOfMonth(day: Day): Day {
  return civil(day).startOf("month").format(DAY);
}

export function sameMonth(a: Day, b: Day): boolean {
  return a.slice(0, 7) === b.slice(0, 7);
}

/** The seven days of the week starting at `monday`. */
export function daysOfWeek(monday: Day): Day[] {
  return Array.from({ length: 7 }, (_, n) => addDays(monday, n));
}

/** The weeks (Monday to Sunday) that cover the month of `day`: four to six rows of seven days. */
export function monthGrid(day: Day): Day[][] {
  const first = startOfMonth(day);
  const last = addDays(addMonths(first, 1), -1);
  const weeks: Day[][] = [];
  for (let monday = startOfWeek(first); monday <= last; monday = addDays(monday, 7)) {
    weeks.push(daysOfWeek(monday));
  }
  return weeks;
}

/** The days a view shows around `anchor`: its week, or every day of its month's grid. */
export function daysShown(view: View, anchor: Day): Day[] {
  return view === "week" ? daysOfWeek(startOfWeek(anchor)) : monthGrid(anchor).flat();
}

/** One step back or forth: a week or a month. */
export function step(view: View, anchor: Day, direction: 1 | -1): Day {
  return view === "week" ? addDays(anchor, 7 * direction) : addMonths(startOfMonth(anchor), direction);
}

/** The instants to ask the API for: from the first day's start to the end of the last day. */
export function rangeIn(days: Day[], zone: string): { from: Date; to: Date } {
  return { from: startOfDayIn(days[0]!, zone), to: startOfDayIn(addDays(days[days.length - 1]!, 1), zone) };
}

/** Whether an appointment from `start` to `end` touches `day` in `zone`. */
export function touchesDay(start: Date | string, end: Date | string, day: Day, zone: string): boolean {
  const from = startOfDayIn(day, zone).getTime();
  const to = startOfDayIn(addDays(day, 1), zone).getTime();
  return new Date(start).getTime() < to && new Date(end).getTime() > from;
}

/** The appointments of each day, in the order given (appointments spanning days are in each). */
export function byDay<T extends { starts_at: string; ends_at: string }>(
  events: T[],
  days: Day[],
  zone: string,
): Map<Day, T[]> {
  return new Map(days.map((day) => [day, events.filter((e) => touchesDay(e.starts_at, e.ends_at, day, zone))]));
}

/** What a date-time picker shows for `instant`: the wall time in `zone`. */
export function wallTimeIn(instant: Date | string, zone: string): string {
  return dayjs(instant).tz(zone).format(WALL_TIME);
}

/** The instant a picker's wall time (`YYYY-MM-DD HH:mm:ss`) means in `zone`, as RFC 3339 UTC. */
export function instantOf(wallTime: string, zone: string): string {
  return dayjs.tz(wallTime, zone).toISOString();
}

/** `day` at `hour`:00, as a picker's wall time (where a new appointment starts). */
export function wallTimeAt(day: Day, hour: number): string {
  return `${day} ${String(hour).padStart(2, "0")}:00:00`;
}

/** A wall time `minutes` later, on the clock (a new appointment lasts an hour as the clock reads). */
export function laterWallTime(wallTime: string, minutes: number): string {
  return dayjs.utc(wallTime).add(minutes, "minute").format(WALL_TIME);
}
