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
export type ServiceGrouping = NonNullable<paths["/api/v1/reports/service"]["get"]["parameters"]["query"]["group_by"]>;
export type ServiceReport = Schemas["ServiceReportView"];
export type ServiceRow = Schemas["ServiceRowView"];
export type QueueRow = Schemas["QueueView"];
export type VolumeReport = Schemas["VolumeReportView"];
export type GroupsReport = Schemas["GroupsReportView"];
export type ParticipantsReport = Schemas["ParticipantsReportView"];

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

export interface ServiceQuery extends ReportQuery {
  group_by: ServiceGrouping;
}

export function useService(query: ServiceQuery | null) {
  return useQuery({
    queryKey: ["reports", "service", query],
    queryFn: () => unwrap(api.GET("/api/v1/reports/service", { params: { query: query! } })),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}

export function useQueues() {
  return useQuery({
    queryKey: ["reports", "queues"],
    queryFn: () => unwrap(api.GET("/api/v1/reports/queues")),
    refetchInterval: 30_000,
  });
}

export interface Days {
  from: string;
  to: string;
}

export function useVolume(query: Days | null) {
  return useQuery({
    queryKey: ["reports", "volume", query],
    queryFn: () => unwrap(api.GET("/api/v1/reports/volume", { params: { query: query! } })),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}

export function useGroupsReport(query: ReportQuery | null) {
  return useQuery({
    queryKey: ["reports", "groups", query],
    queryFn: () => unwrap(api.GET("/api/v1/reports/groups", { params: { query: query! } })),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}

export interface ParticipantsQuery extends Days {
  group_id?: string;
  top?: number;
}

export function useGroupParticipants(query: ParticipantsQuery | null) {
  return useQuery({
    queryKey: ["reports", "groups", "participants", query],
    queryFn: () => unwrap(api.GET("/api/v1/reports/groups/participants", { params: { query: query! } })),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}

type CsvPath =
  | "/api/v1/reports/working-time.csv"
  | "/api/v1/reports/service.csv"
  | "/api/v1/reports/queues.csv"
  | "/api/v1/reports/volume.csv"
  | "/api/v1/reports/groups.csv"
  | "/api/v1/reports/groups/participants.csv";

/** The server's CSV of a report, saved as a file (headers in the reader's language). */
async function downloadCsv(path: CsvPath, query: object, language: Language, fileName: string): Promise<void> {
  const params = { query: { ...query, lang: language } } as never;
  const file = await unwrap(api.GET(path, { params, parseAs: "blob" }));
  saveFile(file as unknown as Blob, fileName);
}

export const downloadWorkingTime = (query: ReportQuery, language: Language, fileName: string) =>
  downloadCsv("/api/v1/reports/working-time.csv", query, language, fileName);

export const downloadService = (query: ServiceQuery, language: Language, fileName: string) =>
  downloadCsv("/api/v1/reports/service.csv", query, language, fileName);

export const downloadQueues = (language: Language, fileName: string) =>
  downloadCsv("/api/v1/reports/queues.csv", {}, language, fileName);

export const downloadVolume = (query: Days, language: Language, fileName: string) =>
  downloadCsv("/api/v1/reports/volume.csv", query, language, fileName);

export const downloadGroups = (query: ReportQuery, language: Language, fileName: string) =>
  downloadCsv("/api/v1/reports/groups.csv", query, language, fileName);

export const downloadGroupParticipants = (query: ParticipantsQuery, language: Language, fileName: string) =>
  downloadCsv("/api/v1/reports/groups/participants.csv", query, language, fileName);
