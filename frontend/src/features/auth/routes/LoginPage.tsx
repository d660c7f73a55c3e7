import { Center } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router";

import { ApiProblem, type Problem, api, unwrap } from "../../../api/client";
import { startSession } from "../../../app/session";
import { type Credentials, LoginForm } from "../components/LoginForm";
import { loginErrorMessage } from "../loginError";

interface LoginState {
  reason?: "logout" | "expired";
  /** Why the server ended the session, when it said. */
  problem?: Problem;
  from?: string;
}

/** "Entrar": attendants and administrators log in here. */
export function LoginPage() {
  const { t, i18n } = useTranslation("auth");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const state = (useLocation().state ?? {}) as LoginState;
  const notice = state.problem
    ? loginErrorMessage(t, new ApiProblem(state.problem), i18n.language)
    : state.reason === "expired"
      ? t("expired")
      : state.reason === "logout"
        ? t("loggedOut")
        : undefined;

  async function login(credentials: Credentials) {
    const session = await unwrap(api.POST("/api/v1/auth/login", { body: credentials }));
    queryClient.clear();
    startSession("user", session);
  }

  return (
    <Center mih="100vh" bg="gray.0">
      <LoginForm
        title={t("title")}
        subtitle={t("subtitle")}
        notice={notice}
        login={login}
        onLoggedIn={() => void navigate(state.from && state.from !== "/login" ? state.from : "/", { replace: true })}
      />
    </Center>
  );
}
