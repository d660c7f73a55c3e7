import type { TFunction } from "i18next";

/** The server's message on a company field (English, stable) in the reader's language. */
export function companyFieldError(
  t: TFunction,
  field: "name" | "timezone",
  message: string | undefined,
  conflict: boolean,
): string | undefined {
  if (!message) return undefined;
  if (field === "timezone") return t("company:errors.timezone");
  if (conflict) return t("company:errors.nameTaken");
  if (/^must not be empty$/.test(message)) return t("company:errors.nameRequired");
  if (/^must have at most \d+ characters$/.test(message)) return t("company:errors.nameTooLong");
  return message;
}
