import type { TFunction } from "i18next";

import { formatDateTime } from "../../lib/format";
import { problemMessage, problemOf } from "../../lib/problem";

/** What the login screen says about a refused login. A time is shown in the zone the refusal names (the one
 * the user's access hours are read in, or the company's), with the zone's name so it reads right anywhere. */
export function loginErrorMessage(t: TFunction, error: unknown, language: string): string {
  const problem = problemOf(error);
  const moment = (value: string | null | undefined) =>
    formatDateTime(value, language, problem?.timezone ?? undefined, true);
  switch (problem?.code) {
    case "invalid_credentials":
    case "user_inactive":
    case "company_inactive":
      return t(`auth:errors.${problem.code}`);
    case "login_locked":
      return t("auth:errors.login_locked", { until: moment(problem.locked_until) });
    case "outside_access_hours":
      return problem.next_allowed_at
        ? t("auth:errors.outside_access_hours", { next: moment(problem.next_allowed_at) })
        : t("auth:errors.outside_access_hours_never");
    default:
      return problemMessage(t, error);
  }
}
