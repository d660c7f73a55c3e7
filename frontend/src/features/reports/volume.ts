// The volume report's rules on the page, pure: the default period (the last four weeks, so that every weekday is
// read four times) and how dark a heatmap cell is.
import { type Day, addDays, dayIn } from "../../lib/calendar";

/** The last `weeks` weeks to `today` (in the company's zone), today included. */
export function lastWeeks(now: Date, zone: string, weeks: number): [Day, Day] {
  const today = dayIn(now, zone);
  return [addDays(today, 1 - 7 * weeks), today];
}

/** Shades of the heatmap's colour, the legend's steps; 0 is an empty cell. */
export const LEVELS = 5;

/** A cell's shade, 0 (nothing) to `LEVELS` (the busiest hour): any conversation shows at least the lightest. */
export function levelOf(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return Math.max(1, Math.ceil((count / max) * LEVELS));
}

/** The counts each shade stands for, for the legend: `[from, to]` per level 1 to `LEVELS` (empty ones left out). */
export function legendSteps(max: number): { level: number; from: number; to: number }[] {
  const steps = [];
  for (let level = 1; level <= LEVELS; level++) {
    const from = Math.floor(((level - 1) * max) / LEVELS) + 1;
    const to = Math.floor((level * max) / LEVELS);
    if (to >= from) steps.push({ level, from, to });
  }
  return steps;
}
