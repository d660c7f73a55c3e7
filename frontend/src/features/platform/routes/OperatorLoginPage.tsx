import { Center } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { api, unwrap } from "../../../api/client";
import { startSession } from "../../../app/session";
import { type Credentials, LoginForm } from "../../auth/components/LoginForm";

/** Platform operators (the vendor's commercial department) log in here. */
export function OperatorLoginPage() {
  const { t } = useTranslation("platform");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  async function login(credentials: Credentials) {
    const session = await unwrap(api.POST("/api/v1/platform/auth/login", { body: credentials }));
    queryClient.clear();
    startSession("operator", session);
  }
  return (
    <Center mih="100vh" bg="gray.0">
      <LoginForm
        title={t("loginTitle")}
        subtitle={t("loginSubtitle")}
        login={login}
        onLoggedIn={() => void navigate("/platform", { replace: true })}
      />
    </Center>
  );
}
