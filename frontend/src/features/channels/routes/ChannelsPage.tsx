import { ActionIcon, Badge, Button, Group, Menu, Table, Text } from "@mantine/core";
import { IconDots, IconPlus, IconQrcode } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { PageHeader } from "../../../components/PageHeader";
import { TableCard } from "../../../components/TableCard";
import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { type Channel, useChannels, useConnectChannel, useDeleteChannel, useDisconnectChannel } from "../api";
import { AddChannelModal } from "../components/AddChannelModal";
import { BusinessHoursModal } from "../components/BusinessHoursModal";
import { FlowModal } from "../components/FlowModal";
import { QrModal } from "../components/QrModal";
import { TemplatesModal } from "../components/TemplatesModal";
import { StatusBadge } from "../components/StatusBadge";
import { WebhookModal } from "../components/WebhookModal";
import { notifyProblem } from "../../../lib/notify";

function ChannelActions({
  channel,
  onShowQr,
  onShowWebhook,
  onShowFlow,
  onShowHours,
  onShowTemplates,
  onDelete,
}: {
  channel: Channel;
  onShowQr: () => void;
  onShowWebhook: () => void;
  onShowFlow: () => void;
  onShowHours: () => void;
  onShowTemplates: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation("channels");
  const connect = useConnectChannel();
  const disconnect = useDisconnectChannel();
  const failed = (error: unknown) => notifyProblem(t, error);
  const qr = channel.capabilities.qr_pairing;
  const startConnect = (pairAgain: boolean) =>
    connect.mutate({ id: channel.id, pairAgain }, { onSuccess: () => qr && onShowQr(), onError: failed });
  const offline = channel.status === "disconnected" || channel.status === "logged_out";
  return (
    <Group gap="xs" justify="flex-end" wrap="nowrap">
      {offline && (
        <Button size="xs" loading={connect.isPending} onClick={() => startConnect(channel.status === "logged_out")}>
          {channel.status === "logged_out" && qr ? t("pairAgain") : t("connect")}
        </Button>
      )}
      {channel.status === "pairing" && (
        <Button size="xs" variant="light" leftSection={<IconQrcode size={16} />} onClick={onShowQr}>
          {t("qr.show")}
        </Button>
      )}
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" aria-label={`${t("columns.actions")}: ${channel.name}`}>
            <IconDots size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item onClick={onShowFlow}>{t("flow.menu")}</Menu.Item>
          <Menu.Item onClick={onShowHours}>{t("hours.menu")}</Menu.Item>
          {channel.webhook_path && <Menu.Item onClick={onShowWebhook}>{t("webhook.title")}</Menu.Item>}
          {channel.kind === "whatsapp_cloud" && <Menu.Item onClick={onShowTemplates}>{t("templates.menu")}</Menu.Item>}
          {!offline && (
            <Menu.Item onClick={() => disconnect.mutate({ id: channel.id, logout: false }, { onError: failed })}>
              {t("disconnect")}
            </Menu.Item>
          )}
          {qr && channel.status === "connected" && (
            <Menu.Item
              color="orange"
              onClick={() => disconnect.mutate({ id: channel.id, logout: true }, { onError: failed })}
            >
              {t("logout")}
            </Menu.Item>
          )}
          <Menu.Item color="red" onClick={onDelete}>
            {t("remove")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

/** "Canais": the company's numbers with their live status; add, connect by QR Code, disconnect. */
export function ChannelsPage() {
  const { t } = useTranslation("channels");
  const { data: me } = useMe();
  const manages = can(me, "channels.manage");
  const channels = useChannels();
  const remove = useDeleteChannel();
  const [adding, setAdding] = useState(false);
  const [pairing, setPairing] = useState<Channel | null>(null);
  const [webhookOf, setWebhookOf] = useState<Channel | null>(null);
  const [flowOf, setFlowOf] = useState<Channel | null>(null);
  const [hoursOf, setHoursOf] = useState<Channel | null>(null);
  const [templatesOf, setTemplatesOf] = useState<Channel | null>(null);
  const [deleting, setDeleting] = useState<Channel | null>(null);
  return (
    <>
      <PageHeader
        title={t("title")}
        description={manages ? t("description") : t("descriptionLinked")}
        actions={
          manages && (
            <Button color="green" leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>
              {t("add")}
            </Button>
          )
        }
      />
      <TableCard
        isPending={channels.isPending}
        error={channels.error}
        isEmpty={channels.items.length === 0}
        // Who does not manage channels sees only those they are linked to.
        empty={manages ? t("empty") : t("emptyLinked")}
        onRetry={() => void channels.refetch()}
        tableProps={{ highlightOnHover: true }}
        head={
          <>
            <Table.Th>{t("columns.name")}</Table.Th>
            <Table.Th>{t("columns.kind")}</Table.Th>
            <Table.Th>{t("columns.status")}</Table.Th>
            <Table.Th>{t("columns.number")}</Table.Th>
            {manages && <Table.Th />}
          </>
        }
      >
        {channels.items.map((channel) => (
          <Table.Tr key={channel.id} data-testid={`channel-${channel.name}`}>
            <Table.Td fw={500}>{channel.name}</Table.Td>
            <Table.Td>
              <Badge variant="outline" color={channel.kind === "whatsapp_cloud" ? "blue" : "teal"}>
                {t(`kind.${channel.kind}`)}
              </Badge>
            </Table.Td>
            <Table.Td>
              <StatusBadge status={channel.status} />
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {channel.phone_number ?? "—"}
              </Text>
            </Table.Td>
            {manages && (
              <Table.Td>
                <ChannelActions
                  channel={channel}
                  onShowQr={() => setPairing(channel)}
                  onShowWebhook={() => setWebhookOf(channel)}
                  onShowFlow={() => setFlowOf(channel)}
                  onShowHours={() => setHoursOf(channel)}
                  onShowTemplates={() => setTemplatesOf(channel)}
                  onDelete={() => setDeleting(channel)}
                />
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </TableCard>
      <AddChannelModal
        opened={adding}
        onClose={() => setAdding(false)}
        onCreated={(channel) => {
          setAdding(false);
          if (channel.webhook_path) setWebhookOf(channel);
        }}
      />
      {pairing && <QrModal channel={pairing} onClose={() => setPairing(null)} />}
      <WebhookModal channel={webhookOf} onClose={() => setWebhookOf(null)} />
      <FlowModal channel={flowOf} onClose={() => setFlowOf(null)} />
      <BusinessHoursModal channel={hoursOf} onClose={() => setHoursOf(null)} />
      <TemplatesModal
        // The channel as listed now: a saved WABA id shows at once.
        channel={templatesOf ? (channels.items.find((each) => each.id === templatesOf.id) ?? templatesOf) : null}
        onClose={() => setTemplatesOf(null)}
      />
      <ConfirmDelete
        item={deleting}
        title={t("removeTitle", { name: deleting?.name })}
        message={t("removeMessage")}
        remove={remove}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
