import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { UserStatus } from "../api";

export function StatusBadge({ status }: { status: UserStatus }) {
  const { t } = useTranslation("users");
  return (
    <Badge color={status === "active" ? "teal" : "gray"} variant="light">
      {t(`status.${status}`)}
    </Badge>
  );
}

export function AdminBadge() {
  const { t } = useTranslation("users");
  return (
    <Badge color="violet" variant="light">
      {t("admin")}
    </Badge>
  );
}
