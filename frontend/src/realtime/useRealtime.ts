import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { sessionKind } from "../app/session";
import { RealtimeConnection } from "./connection";
import { applyEvent } from "./dispatch";
import type { RealtimeEvent } from "./events";

/** Events arriving together refetch each key once. */
const BATCH_MS = 100;

/** Keeps the tab's realtime socket open while mounted (company users only: platform operators
 * have none); events patch the caches they touch, and what cannot be patched is refetched.
 * `observe` sees each event first, while the caches still hold what it changes. */
export function useRealtime(observe: (event: RealtimeEvent) => void = () => {}): void {
  const queryClient = useQueryClient();
  const observer = useRef(observe);
  observer.current = observe;
  useEffect(() => {
    if (sessionKind() !== "user") return;
    const pending = new Map<string, QueryKey>();
    let flush: ReturnType<typeof setTimeout> | null = null;
    const connection = new RealtimeConnection((event) => {
      observer.current(event);
      applyEvent(queryClient, event).forEach((key) => pending.set(JSON.stringify(key), key));
      if (pending.size === 0 || flush) return;
      flush = setTimeout(() => {
        flush = null;
        pending.forEach((queryKey) => void queryClient.invalidateQueries({ queryKey }));
        pending.clear();
      }, BATCH_MS);
    });
    connection.start();
    return () => {
      connection.stop();
      if (flush) clearTimeout(flush);
    };
  }, [queryClient]);
}
