// Turns a failed call into what a person reads: the localised text of the problem's code, or the
// server's own detail when the code has no text of ours.
import type { TFunction } from "i18next";

import { ApiProblem } from "../api/client";

export function problemOf(error: unknown): ApiProblem["problem"] | null {
  return error instanceof ApiProblem ? error.problem : null;
}

export function problemMessage(t: TFunction, error: unknown): string {
  const problem = problemOf(error);
  if (!problem) return t("common:problems.network");
  const key = `common:problems.${problem.code}`;
  return t(key, { defaultValue: problem.detail || t("common:problems.unexpected") });
}

/** Field → first message, for form errors (`validation_failed`). */
export function fieldErrors(error: unknown): Record<string, string> {
  const errors = problemOf(error)?.errors ?? {};
  return Object.fromEntries(
    Object.entries(errors).flatMap(([field, messages]) => (messages?.[0] ? [[field, messages[0]]] : [])),
  );
}
