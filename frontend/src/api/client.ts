// The one API client: types come from schema.d.ts (generated from openapi/openapi.json).
import createClient from "openapi-fetch";

import { accessToken, endSession } from "../app/session";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];

/** Empty means the same origin, as when the `blocopro` binary serves the SPA. */
export const apiBaseUrl: string = import.meta.env.VITE_API_BASE_URL ?? "";

export const api = createClient<paths>({ baseUrl: apiBaseUrl });

api.use({
  async onRequest({ request }) {
    const token = await accessToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  async onResponse({ request, response }) {
    // A refused session (expired, revoked, user deactivated) sends the user back to the login screen.
    if (response.status === 401 && request.headers.has("Authorization")) endSession("expired");
    return response;
  },
});

/** A failed call, carrying the server's problem+json. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = "ApiProblem";
  }
}

function asProblem(error: unknown, status: number): Problem {
  if (error && typeof error === "object" && "code" in error) return error as Problem;
  return { type: "about:blank", title: "Error", status, detail: String(error ?? ""), code: "unexpected" };
}

/** The data of an openapi-fetch answer, or an `ApiProblem`. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw new ApiProblem(asProblem(error, response.status));
  return data as T;
}
