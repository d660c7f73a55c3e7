// What the realtime socket sends, as the API document describes it (`RealtimeEvent`, a union on
// `type`), and the connection's rules (reconnect delays, close codes).
import type { Schemas } from "../api/client";

/** A message of `/api/v1/realtime`: `ready`, then events with their cursor. */
export type RealtimeEvent = Schemas["RealtimeEvent"];
export type RealtimeEventType = Schemas["RealtimeEventType"];

/** How long to wait before reconnecting after `failures` failed attempts: 1 s doubling to 30 s. */
export function reconnectDelay(failures: number): number {
  return Math.min(30_000, 1_000 * 2 ** Math.max(0, failures));
}

/** Close codes the server uses. */
export const CLOSE_UNAUTHORIZED = 4001;
export const CLOSE_OUTSIDE_ACCESS_HOURS = 4003;
