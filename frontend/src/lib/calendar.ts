// Calendar days in a given IANA time zone (the company's), whatever the browser's: days are plain
// dates ("2026-11-25"), turned into instants only where an API or a chart needs them.
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

import "./dayjsLocale";

dayjs.extend(utc);
dayjs.extend(timezone);

/** A calendar date, `YYYY-MM-DD`. */
export type Day = string;

const DAY = "YYYY-MM-DD";

export function addDays(day: Day, days: number): Day {
  // Plain-date arithmetic in UTC, where every day has 24 hours.
  return dayjs.utc(day).add(days, "day").format(DAY);
}

/** The date an instant falls on in `zone`. */
export function dayIn(instant: Date | string, zone: string): Day {
  return dayjs(instant).tz(zone).format(DAY);
}

/** The instant `day` begins in `zone` (its offset may differ from the day before's). */
export function startOfDayIn(day: Day, zone: string): Date {
  return dayjs.tz(day, zone).toDate();
}

/** A plain date as a `Date` to format with `timeZone: "UTC"` (noon, so that no zone moves it to another day). */
export function noonOf(day: Day): Date {
  return new Date(`${day}T12:00:00Z`);
}
