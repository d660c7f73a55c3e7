import { Alert, Button, Center, Image, Loader, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

import { type Channel, useChannel, useQrCode, useSimulateScan } from "../api";
import { notifyProblem } from "../../../lib/notify";

function secondsUntil(moment: string | undefined, now: number): number {
  return moment ? Math.max(0, Math.ceil((new Date(moment).getTime() - now) / 1000)) : 0;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The live QR Code of a pairing channel, with a countdown; closes itself once the phone has paired. */
export function QrModal({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const { t } = useTranslation("channels");
  const live = useChannel(channel.id);
  const status = live.data?.status ?? channel.status;
  const qr = useQrCode(channel.id, status === "pairing");
  const scan = useSimulateScan();
  const now = useNow(1000);
  const announced = useRef(false);
  useEffect(() => {
    if (status === "connected" && !announced.current) {
      announced.current = true;
      notifications.show({ color: "teal", message: t("qr.connected", { name: channel.name }) });
      onClose();
    }
  }, [status, channel.name, onClose, t]);
  const svg = qr.data?.svg;
  // The phone or WhatsApp ended the pairing (the codes expired unscanned, or the device was refused).
  const ended = status === "disconnected" || status === "logged_out";
  return (
    <Modal opened onClose={onClose} title={t("qr.title", { name: channel.name })} centered size="md">
      <Stack align="center">
        <Text size="sm" ta="center">
          {t("qr.steps")}
        </Text>
        {ended ? (
          <Alert color="orange" variant="light" role="alert">
            {t("qr.ended")}
          </Alert>
        ) : svg ? (
          <Image src={`data:image/svg+xml;utf8,${encodeURIComponent(svg)}`} alt={t("qr.alt")} w={264} h={264} />
        ) : (
          <Center h={264}>
            <Stack align="center" gap="xs">
              <Loader />
              <Text size="sm" c="dimmed">
                {t("qr.waiting")}
              </Text>
            </Stack>
          </Center>
        )}
        {qr.data && !ended && (
          <Text size="sm" c="dimmed">
            {t("qr.renews", { seconds: secondsUntil(qr.data.expires_at, now) })}
          </Text>
        )}
        {channel.kind === "simulator" && !ended && (
          <Button
            variant="light"
            disabled={!svg}
            loading={scan.isPending}
            onClick={() =>
              scan.mutate(channel.id, {
                onError: (error) => notifyProblem(t, error),
              })
            }
          >
            {t("qr.simulate")}
          </Button>
        )}
      </Stack>
    </Modal>
  );
}
