import type { TFunction } from "i18next";

import { formatDateTime } from "../../lib/format";
import { problemMessage, problemOf } from "../../lib/problem";

/** What the login screen says about a refused login. */
export function loginErrorMessage(t: TFunction, error: unknown, language: string): string {
  const problem = problemOf(error);
  switch (problem?.code) {
    case "invalid_credentials":
    case "user_inactive":
    case "company_inactive":
      return t(`auth:errors.${problem.code}`);
    case "login_locked":
      return t("auth:errors.login_locked", { until: formatDateTime(problem.locked_until, language) });
    case "outside_access_hours":
      return problem.next_allowed_at
        ? t("auth:errors.outside_access_hours", { next: formatDateTime(problem.next_allowed_at, language) })
        : t("auth:errors.outside_access_hours_never");
    default:
      return problemMessage(t, error);
  }
}
