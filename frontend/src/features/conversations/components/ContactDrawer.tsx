import { Badge, Divider, Drawer, Group, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { QueryState } from "../../../components/QueryState";
import { useCompanyTime } from "../../../app/companyTime";
import { useActiveUserOptions } from "../../users/api";
import { type Message, useContact, useContactHistory } from "../api";
import { KindLabel } from "./KindLabel";

function OwnerName({ ownerId }: { ownerId: string | null | undefined }) {
  const { t } = useTranslation("chat");
  const { data: me } = useMe();
  const owners = useActiveUserOptions(
    Boolean(ownerId) && ownerId !== me?.user.id && can(me, "users.view", "users.manage"),
  );
  if (!ownerId) return <>{t("contact.noOwner")}</>;
  if (ownerId === me?.user.id) return <>{t("you")}</>;
  return <>{owners.data?.find((user) => user.id === ownerId)?.name ?? "—"}</>;
}

/** A private note in the history, set apart as in the thread. */
const NOTE_STYLE = {
  background: "var(--mantine-color-yellow-0)",
  borderLeft: "3px solid var(--mantine-color-yellow-5)",
  padding: "2px 6px",
};

/** The contact of a direct conversation: details, wallet owner, and what they said before. */
export function ContactDrawer({ contactId, onClose }: { contactId: string | null; onClose: () => void }) {
  const { t } = useTranslation("chat");
  const { dateTime } = useCompanyTime();
  const contact = useContact(contactId);
  const history = useContactHistory(contactId);
  const data = contact.data;
  // A note or a transfer is signed with its author's name; the channel's own messages are "Você".
  const writer = (message: Message) =>
    message.kind === "note" || message.kind === "transfer"
      ? message.sender
      : message.direction === "outbound"
        ? t("you")
        : (data?.name ?? data?.phone ?? message.sender);
  return (
    <Drawer opened={contactId !== null} onClose={onClose} position="right" title={t("contact.title")}>
      <QueryState isPending={contact.isPending} error={contact.error}>
        {data && (
          <Stack gap="xs">
            <Title order={4}>{data.name ?? data.phone}</Title>
            <Text size="sm" ff="monospace">
              {data.phone}
            </Text>
            {data.email && <Text size="sm">{data.email}</Text>}
            <Group gap={4}>
              {data.tags.map((tag) => (
                <Badge key={tag} variant="light" size="sm">
                  {tag}
                </Badge>
              ))}
            </Group>
            <Text size="sm">
              <Text span fw={500}>
                {t("contact.owner")}:{" "}
              </Text>
              <OwnerName ownerId={data.owner_id} />
            </Text>
            {data.notes && (
              <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
                {data.notes}
              </Text>
            )}
            <Divider my="sm" label={t("contact.history")} labelPosition="left" />
            <QueryState
              isPending={history.isPending}
              error={history.error}
              isEmpty={(history.data?.items.length ?? 0) === 0}
              empty={t("noMessages")}
            >
              <Stack gap={6}>
                {history.data?.items.map((message) => (
                  <div key={message.id} style={message.kind === "note" ? NOTE_STYLE : undefined}>
                    <Text size="xs" c="dimmed">
                      {dateTime(message.sent_at)} · {writer(message)}
                    </Text>
                    <KindLabel message={message} />
                    {message.text && (
                      <Text size="sm" lineClamp={3}>
                        {message.text}
                      </Text>
                    )}
                  </div>
                ))}
              </Stack>
            </QueryState>
          </Stack>
        )}
      </QueryState>
    </Drawer>
  );
}
