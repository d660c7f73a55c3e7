// Every date and time the SPA shows is read in the company's time zone (the one its access hours,
// agenda and reports use), whatever the browser's zone; when the two differ, times carry the zone's
// name so that nobody reads them as local.
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

import { BROWSER_TIME_ZONE, formatDateTime, zoneName } from "../lib/format";
import { useMe } from "./me";

export interface CompanyTime {
  zone: string;
  /** Whether the company's zone is not the browser's: times then carry its name. */
  labelled: boolean;
  /** A moment as "25/11/2026, 08:00" (with " BRT" after it when `labelled`). */
  dateTime: (value: string | null | undefined) => string;
  /** The zone's long name, e.g. "Horário Padrão de Brasília", for a note over a chart or calendar. */
  zoneName: string;
}

/** How to show moments in the company's zone (the browser's until known), in the reader's language. */
export function useCompanyTime(): CompanyTime {
  const zone = useMe().data?.company.timezone ?? BROWSER_TIME_ZONE;
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => companyTime(zone, language, BROWSER_TIME_ZONE), [zone, language]);
}

/** `useCompanyTime`'s answer for a company in `zone` read from a browser in `browserZone`. */
export function companyTime(zone: string, language: string, browserZone: string): CompanyTime {
  const labelled = zone !== browserZone;
  return {
    zone,
    labelled,
    dateTime: (value) => formatDateTime(value, language, zone, labelled),
    // Read by a few screens only (a calendar, a chart), and slow to work out the first time: when asked.
    get zoneName() {
      return zoneName(zone, language, "long");
    },
  };
}
