// What each realtime event makes stale in the query cache. Pure, so that it is tested alone; the
// connection hands every event here and invalidates the areas it names.
import type { Area } from "../lib/queryKeys";

/** An event as the server sends it on `/api/v1/realtime`. */
export interface RealtimeEvent {
  cursor: number;
  type: string;
  data: Record<string, unknown>;
}

const areasByType: Record<string, Area[]> = {
  "message.created": ["conversations"],
  "message.status": ["conversations"],
  "conversation.updated": ["conversations", "contacts"],
  "channel.status": ["channels"],
  "channel.qr": ["channels"],
  "group.updated": ["groups", "conversations"],
  "group.removed": ["groups", "conversations"],
  "group_import.progress": ["groups"],
  "presence.changed": ["users", "me"],
  "user.updated": ["users", "me", "conversations"],
  "company.updated": ["company", "me"],
};

/** Every area, for a client that missed events and starts afresh. */
const everything: Area[] = [...new Set(Object.values(areasByType).flat())];

/** The areas to refresh after `event`; `ready` with `resync` asks for all of them. */
export function staleAreas(event: RealtimeEvent): Area[] {
  if (event.type === "ready") return event.data.resync === true ? everything : [];
  return areasByType[event.type] ?? [];
}

/** How long to wait before reconnecting after `failures` failed attempts: 1 s doubling to 30 s. */
export function reconnectDelay(failures: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, failures));
}

/** Close codes the server uses. */
export const CLOSE_UNAUTHORIZED = 4001;
export const CLOSE_OUTSIDE_ACCESS_HOURS = 4003;
