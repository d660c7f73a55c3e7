// The one API client: types come from schema.d.ts (generated from openapi/openapi.json).
import createClient from "openapi-fetch";

import { accessToken, apiBaseUrl, endSession, sessionKind } from "../app/session";
import { earlyAnswer } from "./early";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Problem = Schemas["Problem"];

export { apiBaseUrl };

export const api = createClient<paths>({
  baseUrl: apiBaseUrl,
  fetch: (request) => earlyAnswer(request) ?? globalThis.fetch(request),
});

api.use({
  async onRequest({ request }) {
    const token = await accessToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  async onResponse({ request, response }) {
    // A refused session (expired, revoked, user deactivated, access hours over) sends the user back
    // to the login screen, which says why. Login and refresh answer 401 for their own reasons.
    const refused = response.status === 401 || (await isOutsideAccessHours(response));
    if (refused && sessionKind() !== null && !request.url.includes("/auth/")) {
      endSession(
        "expired",
        (await response
          .clone()
          .json()
          .catch(() => undefined)) as Problem | undefined,
      );
    }
    return response;
  },
});

async function isOutsideAccessHours(response: Response): Promise<boolean> {
  if (response.status !== 403) return false;
  const problem = (await response
    .clone()
    .json()
    .catch(() => null)) as Problem | null;
  return problem?.code === "outside_access_hours";
}

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
