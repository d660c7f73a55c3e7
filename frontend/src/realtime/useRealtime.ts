import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";

import { sessionKind } from "../app/session";
import { type Area, keys } from "../lib/queryKeys";
import { RealtimeConnection } from "./connection";
import { staleAreas } from "./events";

/** Events arriving together refresh each area once. */
const BATCH_MS = 100;

/** Keeps the tab's realtime socket open while mounted (company users only: platform operators
 * have none); events refresh the areas they touch. */
export function useRealtime(): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (sessionKind() !== "user") return;
    const pending = new Set<Area>();
    let flush: ReturnType<typeof setTimeout> | null = null;
    const connection = new RealtimeConnection((event) => {
      staleAreas(event).forEach((area) => pending.add(area));
      if (pending.size === 0 || flush) return;
      flush = setTimeout(() => {
        flush = null;
        pending.forEach((area) => void queryClient.invalidateQueries({ queryKey: keys[area] }));
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
