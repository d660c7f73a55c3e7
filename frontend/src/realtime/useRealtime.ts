import { type QueryKey, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { sessionKind } from "../app/session";
import { RealtimeConnection } from "./connection";
import { applyEvent } from "./dispatch";

/** Events arriving together refetch each key once. */
const BATCH_MS = 100;

/** Keeps the tab's realtime socket open while mounted (company users only: platform operators
 * have none); events patch the caches they touch, and what cannot be patched is refetched. */
export function useRealtime(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (sessionKind() !== "user") return;
    const pending = new Map<string, QueryKey>();
    let flush: ReturnType<typeof setTimeout> | null = null;
    const connection = new RealtimeConnection((event) => {
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
