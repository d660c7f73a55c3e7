// The working-time report's rules on the page, pure: the default period (this week so far, in the company's zone),
// the chart's totals per attendant, durations as the table shows them.
import { type Day, addDays, dayIn } from "../../lib/calendar";

export interface WorkingTimeRow {
  user_id: string;
  user_name: string;
  online_seconds: number;
  away_seconds: number;
}

/** Monday of the week `today` falls in (in the company's zone) to `today`. */
export function thisWeek(now: Date, zone: string): [Day, Day] {
  const today = dayIn(now, zone);
  const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
  return [addDays(today, -weekday), today];
}

export interface AttendantTotals {
  attendant: string;
  online: number;
  away: number;
}

/** Hours online and away per attendant over every row, in the rows' order, rounded to tenths. */
export function totalsByAttendant(rows: readonly WorkingTimeRow[]): AttendantTotals[] {
  const totals = new Map<string, { attendant: string; online: number; away: number }>();
  for (const row of rows) {
    const total = totals.get(row.user_id) ?? { attendant: row.user_name, online: 0, away: 0 };
    total.online += row.online_seconds;
    total.away += row.away_seconds;
    totals.set(row.user_id, total);
  }
  const hours = (seconds: number) => Math.round(seconds / 360) / 10;
  return [...totals.values()].map((total) => ({ ...total, online: hours(total.online), away: hours(total.away) }));
}

/** Seconds as "7 h 05" (or "0 h 00"): the table's durations, sortable by eye. */
export function hoursAndMinutes(seconds: number): string {
  const minutes = Math.floor(Math.max(0, seconds) / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`;
}
