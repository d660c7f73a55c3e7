import { api } from "../api/client";
import { endSession, refreshTokenOf } from "./session";

/** Ends the session on the server (its refresh tokens are revoked) and here. */
export async function logout(): Promise<void> {
  const refresh_token = refreshTokenOf();
  if (refresh_token) await api.POST("/api/v1/auth/logout", { body: { refresh_token } }).catch(() => undefined);
  endSession("logout");
}
