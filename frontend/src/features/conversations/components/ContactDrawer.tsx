import { Anchor, Badge, Button, Divider, Drawer, Group, Stack, Text, Title } from "@mantine/core";
import { IconPencil } from "@tabler/icons-react";
import { type ReactNode, useState } from "react";
import { Link } from "react-router";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { QueryState } from "../../../components/QueryState";
import { useCompanyTime } from "../../../app/companyTime";
import { useUpcomingWithContact } from "../../agenda/api";
import type { Contact } from "../../contacts/api";
import { ContactModal } from "../../contacts/components/ContactModal";
import { useContactGroups } from "../../groups/api";
import { useActiveUserOptions } from "../../users/api";
import { type Message, useContact, useContactHistory, useConversations } from "../api";
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

/** One section of the drawer: a divider with its title, then its items; with none, the `empty` text, or nothing at
 * all (not even the title) for a section without one. */
function DrawerSection<T>({
  title,
  items,
  empty,
  children,
}: {
  title: string;
  items: readonly T[];
  empty?: string;
  children: (items: readonly T[]) => ReactNode;
}) {
  if (items.length === 0 && empty === undefined) return null;
  return (
    <>
      <Divider my="sm" label={title} labelPosition="left" />
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {empty}
        </Text>
      ) : (
        children(items)
      )}
    </>
  );
}

/** The contact's conversations the reader sees, newest first, each opening in Chat; the one open is marked. */
function ContactConversations({ contactId, currentId }: { contactId: string; currentId?: string }) {
  const { t } = useTranslation("chat");
  const { dateTime } = useCompanyTime();
  const conversations = useConversations({ contact_id: contactId });
  const items = conversations.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <DrawerSection title={t("contact.conversations")} items={items}>
      {(listed) =>
        listed.map((conversation) => (
          <Group key={conversation.id} gap={6} wrap="nowrap">
            <Anchor component={Link} to={`/chat?c=${conversation.id}`} size="sm">
              {dateTime(conversation.last_message_at)}
            </Anchor>
            <Badge size="xs" variant="light">
              {t(`status.${conversation.status}`)}
            </Badge>
            {conversation.id === currentId && (
              <Text size="xs" c="dimmed">
                {t("contact.current")}
              </Text>
            )}
          </Group>
        ))
      }
    </DrawerSection>
  );
}

/** The imported groups the contact takes part in; nothing while groups are not enabled for the company. */
function ContactGroups({ contactId }: { contactId: string }) {
  const { t } = useTranslation("chat");
  const groups = useContactGroups(contactId);
  if (!groups.data) return null;
  return (
    <DrawerSection title={t("contact.groups")} items={groups.data.items} empty={t("contact.noGroups")}>
      {(listed) => (
        <Group gap={4}>
          {listed.map((group) => (
            <Badge key={group.id} variant="outline" color="gray" size="sm" tt="none">
              {group.subject}
            </Badge>
          ))}
        </Group>
      )}
    </DrawerSection>
  );
}

/** The reader's next appointments with the contact, in the company's time zone (for those who use the agenda). */
function UpcomingAppointments({ contactId }: { contactId: string }) {
  const { t } = useTranslation("chat");
  const { data: me } = useMe();
  const { dateTime } = useCompanyTime();
  const upcoming = useUpcomingWithContact(contactId, can(me, "agenda.use"));
  if (!upcoming.data) return null;
  return (
    <DrawerSection title={t("contact.upcoming")} items={upcoming.data.items} empty={t("contact.noUpcoming")}>
      {(listed) =>
        listed.map((appointment) => (
          <Text key={appointment.id} size="sm">
            <Text span c="dimmed" size="xs">
              {dateTime(appointment.starts_at)}
            </Text>{" "}
            {appointment.title}
          </Text>
        ))
      }
    </DrawerSection>
  );
}

/** "Editar" for those who manage contacts: the Contatos screen's form, the wallet for those who see every wallet. */
function EditContact({ contact }: { contact: Contact }) {
  const { t } = useTranslation("common");
  const { data: me } = useMe();
  const [editing, setEditing] = useState(false);
  const seesAll = can(me, "wallet.view_all");
  const owners = useActiveUserOptions(editing && seesAll && can(me, "users.view", "users.manage"));
  if (!can(me, "contacts.manage")) return null;
  return (
    <>
      <Button size="xs" variant="light" leftSection={<IconPencil size={14} />} onClick={() => setEditing(true)}>
        {t("actions.edit")}
      </Button>
      {editing && (
        <ContactModal
          contact={contact}
          owners={seesAll ? (owners.data?.map((user) => ({ value: user.id, label: user.name })) ?? null) : null}
          onClose={() => setEditing(false)}
        />
      )}
    </>
  );
}

/** A private note in the history, set apart as in the thread. */
const NOTE_STYLE = {
  background: "var(--mantine-color-yellow-0)",
  borderLeft: "3px solid var(--mantine-color-yellow-5)",
  padding: "2px 6px",
};

/** The contact of a direct conversation: details (editable by those who manage contacts), wallet owner, their other
 * conversations, the groups they are in, the reader's next appointments with them, and what they said before. */
export function ContactDrawer({
  contactId,
  currentId,
  onClose,
}: {
  contactId: string | null;
  /** The conversation the drawer was opened from. */
  currentId?: string;
  onClose: () => void;
}) {
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
            <Group justify="space-between" wrap="nowrap">
              <Title order={4}>{data.name ?? data.phone}</Title>
              <EditContact contact={data} />
            </Group>
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
            <ContactConversations contactId={data.id} currentId={currentId} />
            <ContactGroups contactId={data.id} />
            <UpcomingAppointments contactId={data.id} />
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
