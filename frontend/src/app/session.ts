// The signed-in session: a short-lived access token kept in memory, refreshed ahead of expiry
// with the single-use refresh token (kept in localStorage so a reload stays signed in).
import type { components } from "../api/schema";

type Session = components["schemas"]["Session"];
export type SessionKind = "user" | "operator";
export type EndReason = "logout" | "expired";

const STORAGE_KEY = "blocopro.session";
/** Refresh when the access token has less than this left. */
const REFRESH_MARGIN_MS = 30_000;

interface Stored {
  kind: SessionKind;
  refreshToken: string;
}

let access: { token: string; expiresAt: number } | null = null;
let refreshing: Promise<string | null> | null = null;
const listeners = new Set<(reason: EndReason) => void>();

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
  access = { token: session.access_token, expiresAt: Date.now() + session.expires_in * 1000 };
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ kind, refreshToken: session.refresh_token }));
}

export function endSession(reason: EndReason): void {
  const hadSession = stored() !== null || access !== null;
  access = null;
  localStorage.removeItem(STORAGE_KEY);
  if (hadSession) listeners.forEach((listener) => listener(reason));
}

/** Called when the session ends (logout, or refused by the server). */
export function onSessionEnded(listener: (reason: EndReason) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function refreshTokenOf(): string | null {
  return stored()?.refreshToken ?? null;
}

async function refresh(current: Stored): Promise<string | null> {
  const base = import.meta.env.VITE_API_BASE_URL ?? "";
  const response = await fetch(`${base}/api/v1/auth/refresh`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ refresh_token: current.refreshToken }),
  });
  if (!response.ok) {
    endSession("expired");
    return null;
  }
  const session = (await response.json()) as Session;
  startSession(current.kind, session);
  return session.access_token;
}

/** A valid access token, refreshed when close to expiry; null when signed out. */
export async function accessToken(): Promise<string | null> {
  if (access && access.expiresAt - Date.now() > REFRESH_MARGIN_MS) return access.token;
  const current = stored();
  if (!current) return null;
  refreshing ??= refresh(current).finally(() => {
    refreshing = null;
  });
  return refreshing;
}
