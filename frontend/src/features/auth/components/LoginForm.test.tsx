import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { ApiProblem, type Problem } from "../../../api/client";
import { formatDateTime } from "../../../lib/format";
import { renderWithApp } from "../../../test/render";
import { LoginForm } from "./LoginForm";

function refusal(code: string, extra: Partial<Problem> = {}): ApiProblem {
  return new ApiProblem({ type: "about:blank", title: "Refused", status: 401, detail: "", code, ...extra });
}

/** Fills the form, submits, and answers the server's refusal: the alert the user reads. */
async function refusedWith(problem: ApiProblem): Promise<string> {
  const login = vi.fn().mockRejectedValue(problem);
  renderWithApp(<LoginForm title="Entrar" subtitle="" login={login} onLoggedIn={() => undefined} />);
  fireEvent.change(screen.getByLabelText(/E-mail/), { target: { value: " dora@padaria.test " } });
  fireEvent.change(screen.getByLabelText(/Senha/), { target: { value: "senha-errada-123" } });
  fireEvent.click(screen.getByRole("button", { name: "Entrar" }));
  const alert = await screen.findByRole("alert");
  expect(login.mock.calls[0]?.[0]).toEqual({ email: "dora@padaria.test", password: "senha-errada-123" });
  return alert.textContent ?? "";
}

describe("the login screen's refusals", () => {
  it("says the e-mail or password is wrong without telling which", async () => {
    expect(await refusedWith(refusal("invalid_credentials"))).toBe("E-mail ou senha incorretos.");
  });

  it("says until when a locked login stays locked", async () => {
    const until = "2026-11-25T15:30:00Z";
    const locked = refusal("login_locked", { status: 429, locked_until: until, timezone: "America/Sao_Paulo" });
    const text = await refusedWith(locked);
    expect(text).toBe("Muitas tentativas erradas. O acesso está bloqueado até 25/11/2026, 12:30 BRT.");
  });

  it("sends an inactive user to their administrator", async () => {
    expect(await refusedWith(refusal("user_inactive"))).toBe(
      "Seu usuário está inativo. Fale com o administrador da sua empresa.",
    );
  });

  it("gives the next allowed time outside access hours, or none when there is none", async () => {
    const next = "2026-11-26T11:00:00Z";
    const text = await refusedWith(
      refusal("outside_access_hours", { status: 403, next_allowed_at: next, timezone: "America/Sao_Paulo" }),
    );
    expect(text).toBe("Fora do seu horário de acesso. Você poderá entrar a partir de 26/11/2026, 08:00 BRT.");
    expect(text).toMatch(/\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2} \S+\.$/);
  });

  it("names the browser's zone when the refusal names none", async () => {
    const until = "2026-11-25T15:30:00Z";
    const text = await refusedWith(refusal("login_locked", { status: 429, locked_until: until }));
    expect(text).toContain(formatDateTime(until, "pt-BR", undefined, true));
  });

  it("says only that access is closed when no time opens it", async () => {
    expect(await refusedWith(refusal("outside_access_hours", { status: 403 }))).toBe("Fora do seu horário de acesso.");
  });
});
