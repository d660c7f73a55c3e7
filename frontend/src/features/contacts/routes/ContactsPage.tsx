import { Badge, Button, Group, Select, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPlus, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { ConfirmDelete } from "../../../components/ConfirmDelete";
import { PageHeader } from "../../../components/PageHeader";
import { LoadMore } from "../../../components/LoadMore";
import { RowActions } from "../../../components/RowActions";
import { TableCard } from "../../../components/TableCard";
import { useActiveUserOptions } from "../../users/api";
import { type Contact, useContacts, useDeleteContact } from "../api";
import { ContactModal } from "../components/ContactModal";

/** "Contatos": the client wallet — every contact with "Ver carteira completa", otherwise the user's own. */
export function ContactsPage() {
  const { t } = useTranslation("contacts");
  const { data: me } = useMe();
  const seesAll = can(me, "wallet.view_all");
  const manages = can(me, "contacts.manage");
  const owners = useActiveUserOptions(seesAll && can(me, "users.view", "users.manage"));
  const ownerOptions = owners.data?.map((user) => ({ value: user.id, label: user.name })) ?? null;
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
      <TableCard
        isPending={contacts.isPending}
        error={contacts.error}
        isEmpty={contacts.items.length === 0}
        empty={debounced || ownerFilter ? t("emptyFiltered") : t("empty")}
        onRetry={() => void contacts.refetch()}
        tableProps={{ highlightOnHover: true }}
        head={
          <>
            <Table.Th>{t("columns.name")}</Table.Th>
            <Table.Th>{t("columns.phone")}</Table.Th>
            <Table.Th>{t("columns.email")}</Table.Th>
            <Table.Th>{t("columns.tags")}</Table.Th>
            <Table.Th>{t("columns.owner")}</Table.Th>
            {manages && <Table.Th />}
          </>
        }
        footer={<LoadMore list={contacts} />}
      >
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
                <RowActions
                  name={contact.name ?? contact.phone}
                  onEdit={() => setEditing(contact)}
                  onDelete={() => setDeleting(contact)}
                />
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </TableCard>
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
