/** Zones most companies here use, offered first; then every zone the browser knows. */
export const COMMON_ZONES = [
  "America/Sao_Paulo",
  "America/Bahia",
  "America/Fortaleza",
  "America/Recife",
  "America/Belem",
  "America/Manaus",
  "America/Cuiaba",
  "America/Campo_Grande",
  "America/Porto_Velho",
  "America/Boa_Vista",
  "America/Rio_Branco",
  "America/Noronha",
  "Europe/Lisbon",
  "UTC",
];

export interface ZoneGroup {
  group: string;
  items: { value: string; label: string }[];
}

/** The IANA zones this browser knows (empty where `Intl.supportedValuesOf` is missing). */
export function knownZones(): string[] {
  return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
}

/** "America/Sao_Paulo" → "America/Sao Paulo", so that a search for "sao paulo" finds it. */
export function zoneLabel(zone: string): string {
  return zone.replaceAll("_", " ");
}

/**
 * The options of a zone select: the common zones (and `current`, even if the browser does not
 * know it) under `commonTitle`, then every other known zone under `allTitle`; none twice.
 */
export function zoneGroups(current: string, known: string[], commonTitle: string, allTitle: string): ZoneGroup[] {
  const first = !current || COMMON_ZONES.includes(current) ? COMMON_ZONES : [current, ...COMMON_ZONES];
  const rest = known.filter((zone) => !first.includes(zone));
  const option = (zone: string) => ({ value: zone, label: zoneLabel(zone) });
  const groups = [{ group: commonTitle, items: first.map(option) }];
  return rest.length > 0 ? [...groups, { group: allTitle, items: rest.map(option) }] : groups;
}
