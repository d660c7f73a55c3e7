import { api, unwrap } from "../../api/client";
import { usePagedList } from "../../lib/pages";

export function useAuditLog() {
  return usePagedList(["audit"], (cursor) =>
    unwrap(api.GET("/api/v1/audit-log", { params: { query: { limit: 100, cursor } } })),
  );
}
