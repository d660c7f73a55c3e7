import { describe, expect, it } from "vitest";

import { matchingRole, sameKeys } from "./permissionSets";
import {
  type UserView,
  cleanPhone,
  isE164,
  passwordProblems,
  personalProblems,
  personalValues,
  serverFieldMessage,
  userPatch,
} from "./userForm";

const user: UserView = {
  id: "01a212ce-c743-7151-ae9c-95a6240044bb",
  name: "Bruno",
  email: "bruno@demo.blocopro.demo",
  phone: "+5511987654321",
  full_name: null,
  sex: null,
  status: "active",
  view_full_wallet: false,
  is_admin: false,
  agenda_access: true,
  visibility: "own",
  permissions: ["messages.send"],
  department_ids: [],
  created_at: "2026-11-25T13:04:31Z",
  updated_at: "2026-11-25T13:04:31Z",
};

describe("create form checks", () => {
  it("needs matching passwords of 8 characters or more", () => {
    expect(passwordProblems({ password: "", confirmation: "" }, true)).toEqual({ password: "errors.required" });
    expect(passwordProblems({ password: "1234567", confirmation: "1234567" }, true)).toEqual({
      password: "errors.passwordShort",
    });
    expect(passwordProblems({ password: "12345678", confirmation: "12345679" }, true)).toEqual({
      confirmation: "errors.passwordMismatch",
    });
    expect(passwordProblems({ password: "12345678", confirmation: "12345678" }, true)).toEqual({});
    // Changing the password is optional on the user page.
    expect(passwordProblems({ password: "", confirmation: "" }, false)).toEqual({});
  });

  it("checks name, e-mail and an optional E.164 phone", () => {
    expect(personalProblems({ name: " ", email: "x", phone: "11 98765-4321" })).toEqual({
      name: "errors.required",
      email: "errors.email",
      phone: "errors.phone",
    });
    expect(personalProblems({ name: "Ana", email: "ana@empresa.com.br", phone: "" })).toEqual({});
    expect(personalProblems({ name: "Ana", email: "ana@empresa.com.br", phone: "+55 (11) 98765-4321" })).toEqual({});
    expect(isE164("+5511987654321")).toBe(true);
    expect(isE164("+0511987654321")).toBe(false);
    expect(isE164("+1234567")).toBe(false);
    expect(cleanPhone("+55 (11) 98765-4321")).toBe("+5511987654321");
  });
});

describe("PATCH body", () => {
  it("is empty when nothing changed", () => {
    expect(userPatch(user, personalValues(user))).toEqual({});
  });

  it("sends only changed fields, null for a cleared phone, full name or sex", () => {
    const values = {
      ...personalValues(user),
      name: " Bruno S. ",
      phone: "",
      full_name: "Bruno Silva",
      sex: "male" as const,
    };
    expect(userPatch(user, values)).toEqual({ name: "Bruno S.", phone: null, full_name: "Bruno Silva", sex: "male" });
    const cleared = userPatch(
      { ...user, full_name: "Bruno Silva", sex: "male" },
      { ...personalValues(user), full_name: "  " },
    );
    expect(cleared).toEqual({ full_name: null, sex: null });
  });

  it("carries flags, status, a new password, and ignores e-mail case", () => {
    const values = {
      ...personalValues(user),
      email: "BRUNO@demo.blocopro.demo",
      status: "inactive" as const,
      view_full_wallet: true,
      agenda_access: false,
    };
    expect(userPatch(user, values, "novasenha1")).toEqual({
      status: "inactive",
      view_full_wallet: true,
      agenda_access: false,
      password: "novasenha1",
    });
  });
});

describe("server messages", () => {
  const t = ((key: string) => `«${key}»`) as never;
  it("puts known messages in the reader's language and keeps others", () => {
    expect(serverFieldMessage(t, "is already in use")).toBe("«users:errors.emailTaken»");
    expect(serverFieldMessage(t, "must be an E.164 phone number, e.g. +5511987654321")).toBe("«users:errors.phone»");
    expect(serverFieldMessage(t, "something new")).toBe("something new");
    expect(serverFieldMessage(t, undefined)).toBeUndefined();
  });
});

describe("role presets", () => {
  const roles = [
    {
      key: "attendant",
      name: { "pt-BR": "Atendente", en: "Attendant" },
      is_admin: false,
      permissions: ["messages.send" as const, "agenda.use" as const],
    },
  ];
  it("matches a preset whatever the order of keys", () => {
    expect(matchingRole(roles, ["agenda.use", "messages.send"])?.key).toBe("attendant");
    expect(matchingRole(roles, ["agenda.use"])).toBeUndefined();
    expect(sameKeys(["agenda.use", "agenda.use"], ["agenda.use"])).toBe(true);
  });

  it("leaves the registration form's switches (wallet, agenda) out of the comparison", () => {
    expect(matchingRole(roles, ["messages.send", "wallet.view_all"])?.key).toBe("attendant");
    expect(matchingRole(roles, ["messages.send"])?.key).toBe("attendant");
    expect(matchingRole(roles, ["messages.send", "contacts.manage"])).toBeUndefined();
  });
});
