/** The browser's own zone, for comparison with the company's. */
export const BROWSER_TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl's formatters are slow to build (a list of 50 conversations built 100 of them as it rendered): one for each
 * language and options, kept. */
function dateTimeFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language} ${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, options);
    formatters.set(key, format);
  }
  return format;
}

/**
 * A zone's name in the reader's language at the moment `at` (daylight saving changes it): short
 * ("BRT", "GMT-3") to follow a time, long ("Horário Padrão de Brasília") to title a screen.
 */
export function zoneName(zone: string, language: string, style: "short" | "long", at: Date = new Date()): string {
  const parts = dateTimeFormat(language, { timeZone: zone, timeZoneName: style }).formatToParts(at);
  return parts.find((part) => part.type === "timeZoneName")?.value ?? zone;
}

/**
 * A moment in the reader's language, e.g. "25/11/2026, 08:00"; in `timeZone` when given (the
 * company's), else in the browser's; followed by the zone's short name ("25/11/2026, 08:00 BRT")
 * when `labelled`, so that it cannot be read in another zone.
 */
export function formatDateTime(
  value: string | null | undefined,
  language: string,
  timeZone?: string,
  labelled = false,
): string {
  if (!value) return "";
  const moment = new Date(value);
  const text = dateTimeFormat(language, { dateStyle: "short", timeStyle: "short", timeZone }).format(moment);
  return labelled ? `${text} ${zoneName(timeZone ?? BROWSER_TIME_ZONE, language, "short", moment)}` : text;
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
