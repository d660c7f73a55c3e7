import { Badge } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { ChannelStatus } from "../api";

const COLORS: Record<ChannelStatus, string> = {
  connected: "teal",
  pairing: "yellow",
  disconnected: "gray",
  logged_out: "red",
};

export function StatusBadge({ status }: { status: ChannelStatus }) {
  const { t } = useTranslation("channels");
  return (
    <Badge color={COLORS[status]} variant="light">
      {t(`status.${status}`)}
    </Badge>
  );
}
