/**
 * A moment in the reader's language, e.g. "25/11/2026 08:00"; in `timeZone` when given (the
 * company's), else in the browser's.
 */
export function formatDateTime(value: string | null | undefined, language: string, timeZone?: string): string {
  if (!value) return "";
  return new Intl.DateTimeFormat(language, { dateStyle: "short", timeStyle: "short", timeZone }).format(
    new Date(value),
  );
}

/** A duration in seconds as "3 h 05 min" (or "45 s"). */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, "0")} min`;
  if (minutes > 0) return `${minutes} min`;
  return `${whole} s`;
}
