// "Histórico online/offline" as pure functions: the range asked of the API, the timeline drawn one row per
// day, and the CSV export.
import type { Schemas } from "../../api/client";
import { type Day, addDays, dayIn, startOfDayIn } from "../../lib/calendar";

export type PresencePeriod = Schemas["PresencePeriod"];
export type PresenceStatus = Schemas["PresenceStatus"];

export const PRESENCE_STATUSES: readonly PresenceStatus[] = ["online", "away", "offline"];
const DAY_MS = 24 * 60 * 60 * 1000;
/** The API refuses ranges longer than this. */
export const MAX_RANGE_DAYS = 93;

/** The last `days` days in `zone`, today included, as "YYYY-MM-DD". */
export function lastDays(days: number, zone: string, now: Date = new Date()): [Day, Day] {
  const today = dayIn(now, zone);
  return [addDays(today, -(days - 1)), today];
}

/** The instants asked of the API for the days `first`..`last` in `zone`: from the first midnight to the end of
 * the last day, or now when that is sooner. Null when the range is empty or longer than the API takes. */
export function rangeOf(first: Day, last: Day, zone: string, now: Date = new Date()): { from: Date; to: Date } | null {
  const from = startOfDayIn(first, zone);
  const end = startOfDayIn(addDays(last, 1), zone);
  const to = end.getTime() > now.getTime() ? now : end;
  if (to.getTime() <= from.getTime()) return null;
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS) return null;
  return { from, to };
}

export interface Segment {
  status: PresenceStatus;
  /** Fractions of the day, 0..1. */
  left: number;
  width: number;
  startedAt: Date;
  endedAt: Date;
}

export interface TimelineRow {
  day: Day;
  segments: Segment[];
}

/** One row per day of `zone` from `from` to `to` with each period's part of that day; an open period runs
 * until `now`. */
export function timelineRows(
  periods: readonly PresencePeriod[],
  from: Date,
  to: Date,
  now: Date,
  zone: string,
): TimelineRow[] {
  const rows: TimelineRow[] = [];
  const last = to.getTime() > from.getTime() ? new Date(to.getTime() - 1) : from;
  for (let day = dayIn(from, zone); startOfDayIn(day, zone).getTime() <= last.getTime(); day = addDays(day, 1)) {
    const dayStart = startOfDayIn(day, zone).getTime();
    const dayEnd = startOfDayIn(addDays(day, 1), zone).getTime();
    const length = dayEnd - dayStart; // 23 or 25 hours on daylight-saving days
    const windowStart = Math.max(dayStart, from.getTime());
    const windowEnd = Math.min(dayEnd, to.getTime());
    const segments: Segment[] = [];
    for (const period of periods) {
      const start = Math.max(Date.parse(period.started_at), windowStart);
      const end = Math.min(period.ended_at ? Date.parse(period.ended_at) : now.getTime(), windowEnd);
      if (end <= start) continue;
      segments.push({
        status: period.status,
        left: (start - dayStart) / length,
        width: (end - start) / length,
        startedAt: new Date(start),
        endedAt: new Date(end),
      });
    }
    rows.push({ day, segments });
  }
  return rows;
}

export interface CsvLabels {
  status: string;
  startedAt: string;
  endedAt: string;
  durationSeconds: string;
  statuses: Record<PresenceStatus, string>;
}

function csvField(value: string): string {
  return /[",\r\n;]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The periods as CSV (RFC 4180, CRLF): status, start, end (empty while open), seconds (an open period until
 * `now`). Times stay RFC 3339 UTC as the API gives them, so spreadsheets and scripts read them alike. */
export function periodsToCsv(periods: readonly PresencePeriod[], labels: CsvLabels, now: Date): string {
  const header = [labels.status, labels.startedAt, labels.endedAt, labels.durationSeconds];
  const lines = periods.map((period) => {
    const end = period.ended_at ? Date.parse(period.ended_at) : now.getTime();
    const seconds = Math.max(0, Math.round((end - Date.parse(period.started_at)) / 1000));
    return [labels.statuses[period.status], period.started_at, period.ended_at ?? "", String(seconds)];
  });
  return [header, ...lines].map((fields) => fields.map(csvField).join(",")).join("\r\n") + "\r\n";
}

/** Share of each status in the totals, 0..1 (all zero when nothing was recorded). */
export function shares(totals: Schemas["PresenceTotals"]): Record<PresenceStatus, number> {
  const sum = totals.online_seconds + totals.away_seconds + totals.offline_seconds;
  const share = (value: number) => (sum > 0 ? value / sum : 0);
  return {
    online: share(totals.online_seconds),
    away: share(totals.away_seconds),
    offline: share(totals.offline_seconds),
  };
}
