import { describe, expect, it } from "vitest";

import { type CsvLabels, type PresencePeriod, lastDays, periodsToCsv, rangeOf, shares, timelineRows } from "./presence";

import { startOfDayIn } from "../../lib/calendar";

// Times in the company's zone (UTC−3 all year), so the tests read the same in any zone the machine runs in.
const ZONE = "America/Sao_Paulo";
const at = (day: number, hours: number, minutes = 0) =>
  new Date(startOfDayIn(`2026-11-${String(day).padStart(2, "0")}`, ZONE).getTime() + (hours * 60 + minutes) * 60_000);
const iso = (date: Date) => date.toISOString();

const labels: CsvLabels = {
  status: "status",
  startedAt: "inicio",
  endedAt: "fim",
  durationSeconds: "duracao_segundos",
  statuses: { online: "Online", away: "Ausente", offline: "Offline" },
};

describe("range", () => {
  it("defaults to the last 7 days, today included", () => {
    expect(lastDays(7, ZONE, at(25, 15))).toEqual(["2026-11-19", "2026-11-25"]);
    expect(lastDays(7, ZONE, new Date("2026-03-03T13:00:00Z"))).toEqual(["2026-02-25", "2026-03-03"]);
  });

  it("runs from the first midnight to the end of the last day, or now", () => {
    const now = at(25, 15, 30);
    expect(rangeOf("2026-11-19", "2026-11-20", ZONE, now)).toEqual({ from: at(19, 0), to: at(21, 0) });
    expect(rangeOf("2026-11-19", "2026-11-25", ZONE, now)).toEqual({ from: at(19, 0), to: now });
  });

  it("refuses future-only and over-long ranges", () => {
    const now = at(25, 15);
    expect(rangeOf("2026-11-26", "2026-11-27", ZONE, now)).toBeNull();
    expect(rangeOf("2026-01-01", "2026-11-20", ZONE, now)).toBeNull();
  });
});

describe("timeline", () => {
  const periods: PresencePeriod[] = [
    { status: "offline", started_at: iso(at(20, 18)), ended_at: iso(at(21, 8)) },
    { status: "online", started_at: iso(at(21, 8)), ended_at: iso(at(21, 12)) },
    { status: "away", started_at: iso(at(21, 12)), ended_at: iso(at(21, 13)) },
    { status: "online", started_at: iso(at(21, 13)), ended_at: null },
  ];

  it("draws one row per day with each period clipped to its day", () => {
    const rows = timelineRows(periods, at(21, 0), at(23, 0), at(22, 6), ZONE);
    expect(rows.map((row) => row.day)).toEqual(["2026-11-21", "2026-11-22"]);
    const [first, second] = rows;
    expect(first!.segments.map((segment) => [segment.status, segment.left * 24, segment.width * 24])).toEqual([
      ["offline", 0, 8],
      ["online", 8, 4],
      ["away", 12, 1],
      ["online", 13, 11],
    ]);
    // The open period runs until now, not to the end of the range.
    expect(second!.segments.map((segment) => [segment.status, segment.left * 24, segment.width * 24])).toEqual([
      ["online", 0, 6],
    ]);
  });

  it("keeps days without records as empty rows", () => {
    const rows = timelineRows([], at(19, 0), at(21, 0), at(25, 0), ZONE);
    expect(rows).toEqual([
      { day: "2026-11-19", segments: [] },
      { day: "2026-11-20", segments: [] },
    ]);
  });

  it("starts and ends with the range inside a day", () => {
    const rows = timelineRows(periods, at(21, 10), at(21, 12, 30), at(25, 0), ZONE);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.segments.map((segment) => [segment.status, segment.startedAt, segment.endedAt])).toEqual([
      ["online", at(21, 10), at(21, 12)],
      ["away", at(21, 12), at(21, 12, 30)],
    ]);
  });

  it("cuts days at the company's midnight, not UTC's", () => {
    // 22:00–23:00 in São Paulo is 01:00–02:00 UTC of the next day.
    const late: PresencePeriod[] = [
      { status: "online", started_at: "2026-11-06T01:00:00Z", ended_at: "2026-11-06T02:00:00Z" },
    ];
    const rows = timelineRows(late, at(5, 0), at(6, 0), at(7, 0), ZONE);
    expect(rows.map((row) => row.day)).toEqual(["2026-11-05"]);
    expect(rows[0]!.segments.map((segment) => [segment.left * 24, segment.width * 24])).toEqual([[22, 1]]);
  });
});

describe("CSV", () => {
  it("writes a header and one line per period, an open period without end and lasting until now", () => {
    const csv = periodsToCsv(
      [
        { status: "online", started_at: "2026-11-21T11:00:00Z", ended_at: "2026-11-21T15:00:00Z" },
        { status: "away", started_at: "2026-11-21T15:00:00Z", ended_at: null },
      ],
      labels,
      new Date("2026-11-21T15:30:00Z"),
    );
    expect(csv).toBe(
      "status,inicio,fim,duracao_segundos\r\n" +
        "Online,2026-11-21T11:00:00Z,2026-11-21T15:00:00Z,14400\r\n" +
        "Ausente,2026-11-21T15:00:00Z,,1800\r\n",
    );
  });

  it("quotes fields with separators or quotes", () => {
    const csv = periodsToCsv([], { ...labels, status: 'estado "atual"', startedAt: "início, UTC" }, new Date());
    expect(csv).toBe('"estado ""atual""","início, UTC",fim,duracao_segundos\r\n');
  });
});

describe("shares", () => {
  it("gives each status's part of the total", () => {
    expect(shares({ online_seconds: 30, away_seconds: 10, offline_seconds: 60 })).toEqual({
      online: 0.3,
      away: 0.1,
      offline: 0.6,
    });
    expect(shares({ online_seconds: 0, away_seconds: 0, offline_seconds: 0 })).toEqual({
      online: 0,
      away: 0,
      offline: 0,
    });
  });
});
