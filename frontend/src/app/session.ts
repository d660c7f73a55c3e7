// The signed-in session, shared by every tab of the browser: the access token (refreshed ahead of
// expiry) and the single-use refresh token live in localStorage. Refreshing runs under a Web Lock
// so that two tabs never present the same refresh token (which would revoke the whole session).
import type { components } from "../api/schema";

type Session = components["schemas"]["Session"];
type Problem = components["schemas"]["Problem"];
export type SessionKind = "user" | "operator";
export type EndReason = "logout" | "expired";

/** Empty means the same origin, as when the `blocopro` binary serves the SPA. */
export const apiBaseUrl: string = import.meta.env.VITE_API_BASE_URL ?? "";

const STORAGE_KEY = "blocopro.session";
/** Refresh when the access token has less than this left. */
const REFRESH_MARGIN_MS = 30_000;

interface Stored {
  kind: SessionKind;
  accessToken: string;
  expiresAt: number;
  refreshToken: string;
}

export interface SessionEnd {
  reason: EndReason;
  /** Why the server refused the session, when it said (e.g. `outside_access_hours`). */
  problem?: Problem;
}

const listeners = new Set<(end: SessionEnd) => void>();

function stored(): Stored | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as Stored) : null;
  } catch {
    return null;
  }
}

export function sessionKind(): SessionKind | null {
  return stored()?.kind ?? null;
}

export function startSession(kind: SessionKind, session: Session): void {
  const next: Stored = {
    kind,
    accessToken: session.access_token,
    expiresAt: Date.now() + session.expires_in * 1000,
    refreshToken: session.refresh_token,
  };
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
}

function notify(end: SessionEnd) {
  listeners.forEach((listener) => listener(end));
}

export function endSession(reason: EndReason, problem?: Problem): void {
  if (stored() === null) return;
  localStorage.removeItem(STORAGE_KEY);
  notify({ reason, problem });
}

// Another tab logged out, or its session was refused: this tab's session is over too.
if (typeof window !== "undefined") {
  window.addEventListener("storage", (event) => {
    if (event.key === STORAGE_KEY && event.newValue === null) notify({ reason: "logout" });
  });
}

/** Called when the session ends (logout here or in another tab, or refused by the server). */
export function onSessionEnded(listener: (end: SessionEnd) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function refreshTokenOf(): string | null {
  return stored()?.refreshToken ?? null;
}

const fresh = (session: Stored | null) => !!session && session.expiresAt - Date.now() > REFRESH_MARGIN_MS;

async function refresh(): Promise<string | null> {
  // Another tab may have refreshed while this one waited for the lock.
  const current = stored();
  if (!current || fresh(current)) return current?.accessToken ?? null;
  let response: Response;
  try {
    response = await fetch(`${apiBaseUrl}/api/v1/auth/refresh`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: current.refreshToken }),
    });
  } catch {
    return current.accessToken; // offline: the call itself will say so
  }
  if (response.status === 401 || response.status === 403) {
    endSession("expired", (await response.json().catch(() => undefined)) as Problem | undefined);
    return null;
  }
  if (!response.ok) return current.accessToken; // a passing server fault: keep the session
  startSession(current.kind, (await response.json()) as Session);
  return stored()?.accessToken ?? null;
}

function refreshOnce(): Promise<string | null> {
  if (typeof navigator !== "undefined" && navigator.locks) {
    // The lock resolves with what `refresh` resolves to.
    return navigator.locks.request("blocopro.session.refresh", refresh) as Promise<unknown> as Promise<string | null>;
  }
  return refresh();
}

/** A valid access token, refreshed when close to expiry; null when signed out. */
export async function accessToken(): Promise<string | null> {
  const current = stored();
  if (!current) return null;
  if (fresh(current)) return current.accessToken;
  return refreshOnce();
}
