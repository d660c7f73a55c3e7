import { keepPreviousData, useQuery } from "@tanstack/react-query";

import { type Schemas, api, unwrap } from "../../api/client";
import type { paths } from "../../api/schema";
import type { Language } from "../../i18n";
import { saveFile } from "../../lib/download";

export type Granularity = NonNullable<
  paths["/api/v1/reports/working-time"]["get"]["parameters"]["query"]["granularity"]
>;
export type WorkingTimeReport = Schemas["WorkingTimeReportView"];
export type WorkingTimeRow = Schemas["WorkingTimeRowView"];

export interface ReportQuery {
  from: string;
  to: string;
  granularity: Granularity;
}

export const workingTimeKey = (query: ReportQuery) => ["reports", "working-time", query];

export function useWorkingTime(query: ReportQuery | null) {
  return useQuery({
    queryKey: workingTimeKey(query ?? { from: "", to: "", granularity: "day" }),
    queryFn: () => unwrap(api.GET("/api/v1/reports/working-time", { params: { query: query! } })),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}

/** The server's CSV of the report, saved as a file (headers in the reader's language). */
export async function downloadWorkingTime(query: ReportQuery, language: Language, fileName: string): Promise<void> {
  const file = await unwrap(
    api.GET("/api/v1/reports/working-time.csv", {
      params: { query: { ...query, lang: language } },
      parseAs: "blob",
    }),
  );
  saveFile(file as unknown as Blob, fileName);
}
