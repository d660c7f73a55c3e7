import { ActionIcon, Badge, Button, Group, Paper, Select, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPencil, IconPlus, IconSearch, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { PageHeader } from "../../../components/PageHeader";
import { QueryState } from "../../../components/QueryState";
import { type Contact, useContacts, useDeleteContact, useWalletOwners } from "../api";
import { ContactModal } from "../components/ContactModal";

/** "Contatos": the client wallet — every contact with "Ver carteira completa", otherwise the user's own. */
export function ContactsPage() {
  const { t } = useTranslation("contacts");
  const { data: me } = useMe();
  const seesAll = can(me, "wallet.view_all");
  const manages = can(me, "contacts.manage");
  const owners = useWalletOwners(seesAll && can(me, "users.view", "users.manage"));
  const ownerOptions = owners.data?.items.map((user) => ({ value: user.id, label: user.name })) ?? null;
  const ownerName = new Map(ownerOptions?.map((option) => [option.value, option.label]));
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [ownerFilter, setOwnerFilter] = useState<string | null>(null);
  const contacts = useContacts({ q: debounced || undefined, owner_id: ownerFilter ?? undefined });
  const remove = useDeleteContact();
  const [editing, setEditing] = useState<Contact | "new" | null>(null);
  const [deleting, setDeleting] = useState<Contact | null>(null);
  const ownerLabel = (ownerId: string | null | undefined) => {
    if (!ownerId) return t("nobody");
    if (ownerId === me?.user.id) return t("you");
    return ownerName.get(ownerId) ?? "—";
  };
  return (
    <>
      <PageHeader
        title={t("title")}
        description={seesAll ? t("descriptionAll") : t("descriptionOwn")}
        actions={
          manages && (
            <Button color="green" leftSection={<IconPlus size={16} />} onClick={() => setEditing("new")}>
              {t("add")}
            </Button>
          )
        }
      />
      <Group mb="md">
        <TextInput
          aria-label={t("search")}
          placeholder={t("search")}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          w={320}
        />
        {seesAll && ownerOptions && (
          <Select
            aria-label={t("owner")}
            placeholder={t("anyOwner")}
            data={ownerOptions}
            value={ownerFilter}
            onChange={setOwnerFilter}
            clearable
            searchable
            w={240}
          />
        )}
      </Group>
      <Paper withBorder>
        <QueryState
          isPending={contacts.isPending}
          error={contacts.error}
          isEmpty={contacts.items.length === 0}
          empty={debounced || ownerFilter ? t("emptyFiltered") : t("empty")}
          onRetry={() => void contacts.refetch()}
        >
          <Table highlightOnHover verticalSpacing="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("columns.name")}</Table.Th>
                <Table.Th>{t("columns.phone")}</Table.Th>
                <Table.Th>{t("columns.email")}</Table.Th>
                <Table.Th>{t("columns.tags")}</Table.Th>
                <Table.Th>{t("columns.owner")}</Table.Th>
                {manages && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {contacts.items.map((contact) => (
                <Table.Tr key={contact.id}>
                  <Table.Td fw={500}>
                    {contact.name ?? (
                      <Text c="dimmed" size="sm">
                        {t("unnamed")}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ff="monospace">{contact.phone}</Table.Td>
                  <Table.Td>{contact.email ?? ""}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {contact.tags.map((tag) => (
                        <Badge key={tag} variant="light" color="gray">
                          {tag}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>{ownerLabel(contact.owner_id)}</Table.Td>
                  {manages && (
                    <Table.Td w={90}>
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          aria-label={`${t("common:actions.edit")} ${contact.name ?? contact.phone}`}
                          onClick={() => setEditing(contact)}
                        >
                          <IconPencil size={18} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={`${t("common:actions.delete")} ${contact.name ?? contact.phone}`}
                          onClick={() => setDeleting(contact)}
                        >
                          <IconTrash size={18} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {contacts.hasNextPage && (
            <Group justify="center" p="sm">
              <Button
                variant="subtle"
                loading={contacts.isFetchingNextPage}
                onClick={() => void contacts.fetchNextPage()}
              >
                {t("common:actions.loadMore")}
              </Button>
            </Group>
          )}
        </QueryState>
      </Paper>
      {editing && (
        <ContactModal
          key={editing === "new" ? "new" : editing.id}
          contact={editing === "new" ? null : editing}
          owners={seesAll ? ownerOptions : null}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDelete
        item={deleting}
        title={t("deleteTitle", { name: deleting?.name ?? deleting?.phone })}
        message={t("deleteMessage")}
        remove={remove}
        done={t("deleted")}
        onClose={() => setDeleting(null)}
      />
    </>
  );
}
