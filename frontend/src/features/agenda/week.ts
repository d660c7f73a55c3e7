/** Monday 00:00 (local time) of the week containing `day`. */
export function startOfWeek(day: Date): Date {
  const start = new Date(day.getFullYear(), day.getMonth(), day.getDate());
  const sinceMonday = (start.getDay() + 6) % 7;
  start.setDate(start.getDate() - sinceMonday);
  return start;
}

export function addDays(day: Date, days: number): Date {
  const next = new Date(day);
  next.setDate(next.getDate() + days);
  return next;
}

/** The seven days of the week starting at `monday`. */
export function daysOf(monday: Date): Date[] {
  return Array.from({ length: 7 }, (_, n) => addDays(monday, n));
}

/** Whether an appointment from `start` to `end` touches the (local) day `day`. */
export function touchesDay(start: Date, end: Date, day: Date): boolean {
  const next = addDays(day, 1);
  return start < next && end > day;
}
