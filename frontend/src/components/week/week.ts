// The weekly editor's rules, as pure functions: rules grouped by weekday, copy a day to the week, and the checks
// the SPA makes before saving. Used by "Bloqueio de acesso por horário" (users) and "Horário de atendimento"
// (channels).
//
// The API (AccessRule) takes one interval `[start, end)` per rule, in "HH:MM" from 00:00 to 24:00
// (24:00 = end of the day), and requires start < end: an interval never crosses midnight. Work that goes
// past midnight is two intervals, e.g. Monday 22:00–24:00 and Tuesday 00:00–06:00. The server accepts
// overlapping intervals (it merges them); the SPA refuses them so the week reads unambiguously.
import type { Schemas } from "../../api/client";

export type Weekday = Schemas["Weekday"];
export type AccessRule = Schemas["AccessRule"];

export const WEEKDAYS: readonly Weekday[] = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
];

export interface Interval {
  start: string;
  end: string;
}

export type Week = Record<Weekday, Interval[]>;

export const MINUTES_PER_DAY = 24 * 60;
const CLOCK = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function emptyWeek(): Week {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, []])) as unknown as Week;
}

/** Minutes since midnight of "HH:MM" (00:00 to 24:00), or null when it is not a valid time. */
export function clockMinutes(text: string): number | null {
  const match = CLOCK.exec(text);
  if (!match) return null;
  const hours = Number(match[1] ?? match[3]);
  const minutes = Number(match[2] ?? match[4]);
  return hours * 60 + minutes;
}

/** What a person typed ("8", "800", "8:0", "0800") as "HH:MM" when it can be read as a time; else unchanged. */
export function normalizeClock(text: string): string {
  const trimmed = text.trim();
  let hours: string;
  let minutes: string;
  const withColon = /^(\d{1,2})[:h.](\d{1,2})$/.exec(trimmed);
  const digits = /^\d{1,4}$/.exec(trimmed);
  if (withColon) {
    hours = withColon[1]!;
    minutes = withColon[2]!.padStart(2, "0");
  } else if (digits) {
    hours = trimmed.length <= 2 ? trimmed : trimmed.slice(0, trimmed.length - 2);
    minutes = trimmed.length <= 2 ? "00" : trimmed.slice(-2);
  } else {
    return text;
  }
  const candidate = `${hours.padStart(2, "0")}:${minutes}`;
  return clockMinutes(candidate) === null ? text : candidate;
}

function byStart(a: Interval, b: Interval): number {
  return (
    (clockMinutes(a.start) ?? 0) - (clockMinutes(b.start) ?? 0) ||
    (clockMinutes(a.end) ?? 0) - (clockMinutes(b.end) ?? 0)
  );
}

/** The API's rules as one list of intervals per weekday, each sorted by start. */
export function groupByDay(rules: readonly AccessRule[]): Week {
  const week = emptyWeek();
  for (const rule of rules) week[rule.weekday].push({ start: rule.start, end: rule.end });
  for (const day of WEEKDAYS) week[day].sort(byStart);
  return week;
}

/** The week back as the API's rules, Monday first, in the order the editor shows them. */
export function toRules(week: Week): AccessRule[] {
  return WEEKDAYS.flatMap((weekday) => week[weekday].map(({ start, end }) => ({ weekday, start, end })));
}

/** Where the `index`-th rule of `toRules(week)` sits in the editor (to place the server's `rules[i]` errors). */
export function ruleSlot(week: Week, index: number): { day: Weekday; interval: number } | null {
  let remaining = index;
  for (const day of WEEKDAYS) {
    if (remaining < week[day].length) return { day, interval: remaining };
    remaining -= week[day].length;
  }
  return null;
}

/** `source`'s intervals copied to every other day (or to `targets`), replacing what those days had. */
export function copyDayToWeek(week: Week, source: Weekday, targets: readonly Weekday[] = WEEKDAYS): Week {
  const copy = { ...week };
  for (const day of targets) {
    if (day !== source) copy[day] = week[source].map((interval) => ({ ...interval }));
  }
  return copy;
}

/** A new interval at the end of the day: 08:00–12:00 on an empty day, else an hour after the last one ends. */
export function addInterval(week: Week, day: Weekday): Week {
  const last = week[day][week[day].length - 1];
  const lastEnd = last ? clockMinutes(last.end) : null;
  let next: Interval = { start: "08:00", end: "12:00" };
  if (last) {
    const start = lastEnd === null ? null : lastEnd + 60;
    next =
      start !== null && start < MINUTES_PER_DAY
        ? { start: formatClock(start), end: formatClock(Math.min(start + 5 * 60, MINUTES_PER_DAY)) }
        : { start: "", end: "" };
  }
  return { ...week, [day]: [...week[day], next] };
}

export function removeInterval(week: Week, day: Weekday, index: number): Week {
  return { ...week, [day]: week[day].filter((_, i) => i !== index) };
}

export function updateInterval(week: Week, day: Weekday, index: number, change: Partial<Interval>): Week {
  return { ...week, [day]: week[day].map((interval, i) => (i === index ? { ...interval, ...change } : interval)) };
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

export type IntervalProblem = "invalid_start" | "invalid_end" | "end_before_start" | "overlap";

/** Problems per interval, keyed `"<weekday>.<index>"`; empty when the week can be saved. */
export function validateWeek(week: Week): Record<string, IntervalProblem> {
  const problems: Record<string, IntervalProblem> = {};
  for (const day of WEEKDAYS) {
    const readable: { index: number; start: number; end: number }[] = [];
    week[day].forEach((interval, index) => {
      const start = clockMinutes(interval.start);
      const end = clockMinutes(interval.end);
      const key = `${day}.${index}`;
      if (start === null || start === MINUTES_PER_DAY) problems[key] = "invalid_start";
      else if (end === null || end === 0) problems[key] = "invalid_end";
      else if (start >= end) problems[key] = "end_before_start";
      else readable.push({ index, start, end });
    });
    readable.sort((a, b) => a.start - b.start);
    for (let i = 1; i < readable.length; i++) {
      const previous = readable[i - 1]!;
      const current = readable[i]!;
      // [start, end): an interval may begin exactly where the previous one ends.
      if (current.start < previous.end) {
        problems[`${day}.${current.index}`] = "overlap";
        problems[`${day}.${previous.index}`] ??= "overlap";
      }
    }
  }
  return problems;
}

/** Whether `text` is a real calendar date "YYYY-MM-DD". */
export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Holidays with `date` added once, in date order. */
export function addHoliday(holidays: readonly string[], date: string): string[] {
  if (!isIsoDate(date) || holidays.includes(date)) return [...holidays].sort();
  return [...holidays, date].sort();
}

/** The total allowed time of a day, in minutes (intervals that overlap are counted once). */
export function dayMinutes(intervals: readonly Interval[]): number {
  const spans = intervals
    .map(({ start, end }) => [clockMinutes(start), clockMinutes(end)] as const)
    .filter((span): span is readonly [number, number] => span[0] !== null && span[1] !== null && span[0] < span[1])
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reached = 0;
  for (const [start, end] of spans) {
    const from = Math.max(start, reached);
    if (end > from) total += end - from;
    reached = Math.max(reached, end);
  }
  return total;
}
