// The service report's rules on the page, pure: durations as the table shows them and the chart's totals per group.

export interface ServiceRowFigures {
  id?: string | null;
  name: string;
  received: number;
  taken: number;
  closed: number;
}

/** Seconds as "45 s", "4 min 05 s" or "2 h 05": short waits keep their seconds; none is "—". */
export function serviceDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "—";
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes} min ${String(whole % 60).padStart(2, "0")} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`;
}

export interface GroupTotals {
  group: string;
  received: number;
  taken: number;
  closed: number;
}

/** Conversations received, taken and closed per group over every row, in the rows' order; `unnamed` names the rows
 * of nobody's (no attendant, no department). */
export function totalsByGroup(rows: readonly ServiceRowFigures[], unnamed: string): GroupTotals[] {
  const totals = new Map<string, GroupTotals>();
  for (const row of rows) {
    const key = row.id ?? "";
    const total = totals.get(key) ?? { group: row.name || unnamed, received: 0, taken: 0, closed: 0 };
    total.received += row.received;
    total.taken += row.taken;
    total.closed += row.closed;
    totals.set(key, total);
  }
  return [...totals.values()];
}
