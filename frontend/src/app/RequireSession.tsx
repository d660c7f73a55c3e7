import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useEffect } from "react";
import { Navigate, useLocation, useNavigate } from "react-router";

import { type SessionKind, onSessionEnded, sessionKind } from "./session";

const LOGIN: Record<SessionKind, string> = { user: "/login", operator: "/platform/login" };

/** Renders `children` for a session of `kind`; otherwise sends to that kind's login screen. */
export function RequireSession({ kind, children }: { kind: SessionKind; children: ReactNode }) {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  useEffect(
    () =>
      onSessionEnded(({ reason, problem }) => {
        queryClient.clear();
        void navigate(LOGIN[kind], { replace: true, state: { reason, problem, from: location.pathname } });
      }),
    [kind, location.pathname, navigate, queryClient],
  );
  if (sessionKind() !== kind) return <Navigate to={LOGIN[kind]} replace state={{ from: location.pathname }} />;
  return children;
}
