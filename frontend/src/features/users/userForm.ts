// The user forms' rules as pure functions: what the SPA checks before sending, the PATCH body with only
// what changed, and the server's field messages in the reader's language.
import type { TFunction } from "i18next";

import type { Schemas } from "../../api/client";

export type UserView = Schemas["UserView"];
export type UpdateUserRequest = Schemas["UpdateUserRequest"];
export type Sex = Schemas["Sex"];
export type UserStatus = Schemas["UserStatus"];

export const PASSWORD_MIN = 8;
export const SEXES: readonly Sex[] = ["female", "male", "other", "not_informed"];

/** E.164 as the server reads it: "+", 8 to 15 digits, not starting with 0. */
export function isE164(phone: string): boolean {
  return /^\+[1-9]\d{7,14}$/.test(phone);
}

export function isEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim());
}

/** Phone as typed ("+55 (11) 98765-4321") without the spacing and punctuation people add. */
export function cleanPhone(phone: string): string {
  return phone.replace(/[\s().-]/g, "");
}

/** Keys of the texts in the `users` namespace, by field. */
export type FieldProblem =
  "errors.required" | "errors.email" | "errors.passwordShort" | "errors.passwordMismatch" | "errors.phone";

export interface PasswordValues {
  password: string;
  confirmation: string;
}

export function passwordProblems(
  values: PasswordValues,
  required: boolean,
): Partial<Record<keyof PasswordValues, FieldProblem>> {
  const problems: Partial<Record<keyof PasswordValues, FieldProblem>> = {};
  if (!values.password && !values.confirmation && !required) return problems;
  if (!values.password) problems.password = "errors.required";
  else if ([...values.password].length < PASSWORD_MIN) problems.password = "errors.passwordShort";
  if (values.confirmation !== values.password) problems.confirmation = "errors.passwordMismatch";
  return problems;
}

export interface PersonalValues {
  name: string;
  full_name: string;
  email: string;
  phone: string;
  sex: Sex | null;
  status: UserStatus;
  view_full_wallet: boolean;
  is_admin: boolean;
  agenda_access: boolean;
}

export function personalValues(user: UserView): PersonalValues {
  return {
    name: user.name,
    full_name: user.full_name ?? "",
    email: user.email,
    phone: user.phone ?? "",
    sex: user.sex ?? null,
    status: user.status,
    view_full_wallet: user.view_full_wallet,
    is_admin: user.is_admin,
    agenda_access: user.agenda_access,
  };
}

/** Checks shared by "Cadastrar usuário" and "Dados pessoais". */
export function personalProblems(
  values: Pick<PersonalValues, "name" | "email" | "phone">,
): Partial<Record<"name" | "email" | "phone", FieldProblem>> {
  const problems: Partial<Record<"name" | "email" | "phone", FieldProblem>> = {};
  if (!values.name.trim()) problems.name = "errors.required";
  if (!values.email.trim()) problems.email = "errors.required";
  else if (!isEmail(values.email)) problems.email = "errors.email";
  const phone = cleanPhone(values.phone);
  if (phone && !isE164(phone)) problems.phone = "errors.phone";
  return problems;
}

/** The PATCH body: only the fields that differ from `user`; an emptied phone, full name or sex is `null`. */
export function userPatch(user: UserView, values: PersonalValues, password?: string): UpdateUserRequest {
  const patch: UpdateUserRequest = {};
  const name = values.name.trim();
  if (name !== user.name) patch.name = name;
  const email = values.email.trim();
  if (email.toLowerCase() !== user.email.toLowerCase()) patch.email = email;
  const fullName = values.full_name.trim() || null;
  if (fullName !== (user.full_name ?? null)) patch.full_name = fullName;
  const phone = cleanPhone(values.phone) || null;
  if (phone !== (user.phone ?? null)) patch.phone = phone;
  if (values.sex !== (user.sex ?? null)) patch.sex = values.sex;
  if (values.status !== user.status) patch.status = values.status;
  if (values.view_full_wallet !== user.view_full_wallet) patch.view_full_wallet = values.view_full_wallet;
  if (values.is_admin !== user.is_admin) patch.is_admin = values.is_admin;
  if (values.agenda_access !== user.agenda_access) patch.agenda_access = values.agenda_access;
  if (password) patch.password = password;
  return patch;
}

/** The server's field messages (English, stable) in the reader's language; others as they come. */
const SERVER_MESSAGES: [RegExp, string][] = [
  [/^must not be empty$/, "users:errors.required"],
  [/^must be a valid e-mail address$/, "users:errors.email"],
  [/^must have at least \d+ characters$/, "users:errors.passwordShort"],
  [/^must have at most \d+ characters$/, "users:errors.tooLong"],
  [/^must be an E\.164 phone number/, "users:errors.phone"],
  [/^is already in use$/, "users:errors.emailTaken"],
  [/^must be after start$/, "common:week.problems.end_before_start"],
  [/^must be an IANA time zone/, "users:errors.timezone"],
];

export function serverFieldMessage(t: TFunction, message: string | undefined): string | undefined {
  if (!message) return undefined;
  const known = SERVER_MESSAGES.find(([pattern]) => pattern.test(message));
  return known ? t(known[1], { min: PASSWORD_MIN }) : message;
}
