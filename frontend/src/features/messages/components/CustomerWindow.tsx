import { Alert, Text } from "@mantine/core";
import { IconClockHour4 } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { useCompanyTime } from "../../../app/companyTime";
import { type CustomerWindow, customerWindow } from "../templates";

/** The time now, again every `everyMs`: what depends on the clock (a window closing) follows it. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Where a conversation's 24-hour window stands now. */
export function useCustomerWindow(closesAt: string | null | undefined): CustomerWindow {
  return customerWindow(closesAt, useNow());
}

/** When the Cloud API's 24-hour window closes (in the company's time zone), or that it has closed. */
export function CustomerWindowNotice({
  closesAt,
  startedAt,
  state,
}: {
  closesAt: string;
  startedAt: string;
  state: CustomerWindow;
}) {
  const { t } = useTranslation("messages");
  const time = useCompanyTime();
  if (state === "open") {
    return (
      <Text size="xs" c="dimmed" data-testid="customer-window">
        <IconClockHour4 size={12} style={{ verticalAlign: "middle", marginRight: 4 }} aria-hidden />
        {t("window.openUntil", { time: time.dateTime(closesAt) })}
      </Text>
    );
  }
  const never = Date.parse(closesAt) === Date.parse(startedAt);
  return (
    <Alert variant="light" color="yellow" p="xs" data-testid="customer-window">
      <Text size="sm">{never ? t("window.never") : t("window.closed", { time: time.dateTime(closesAt) })}</Text>
    </Alert>
  );
}
