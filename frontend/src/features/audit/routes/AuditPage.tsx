import { Code, Spoiler, Table, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

import type { Schemas } from "../../../api/client";
import { useMe } from "../../../app/me";
import { PageHeader } from "../../../components/PageHeader";
import { LoadMore } from "../../../components/LoadMore";
import { TableCard } from "../../../components/TableCard";
import { useCompanyTime } from "../../../app/companyTime";
import { useAuditLog } from "../api";

function Actor({ actor }: { actor: Schemas["Actor"] }) {
  const { t } = useTranslation("audit");
  const { data: me } = useMe();
  if (actor.id && actor.id === me?.user.id) return <Text size="sm">{t("you")}</Text>;
  return (
    <Text size="sm">
      {t(`actors.${actor.kind}`)}
      {actor.id && (
        <Text span c="dimmed" size="xs" ff="monospace">
          {" "}
          …{actor.id.slice(-6)}
        </Text>
      )}
    </Text>
  );
}

/** "Auditoria": the company's administrative changes, newest first. */
export function AuditPage() {
  const { t } = useTranslation("audit");
  const { dateTime } = useCompanyTime();
  const log = useAuditLog();
  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <TableCard
        isPending={log.isPending}
        error={log.error}
        isEmpty={log.items.length === 0}
        empty={t("empty")}
        onRetry={() => void log.refetch()}
        head={
          <>
            <Table.Th w={160}>{t("columns.at")}</Table.Th>
            <Table.Th w={160}>{t("columns.actor")}</Table.Th>
            <Table.Th w={220}>{t("columns.action")}</Table.Th>
            <Table.Th>{t("columns.target")}</Table.Th>
          </>
        }
        footer={<LoadMore list={log} />}
      >
        {log.items.map((entry) => (
          <Table.Tr key={entry.id}>
            <Table.Td>{dateTime(entry.at)}</Table.Td>
            <Table.Td>
              <Actor actor={entry.actor} />
            </Table.Td>
            <Table.Td>
              <Text size="sm">{t(`actions.${entry.action}`, { defaultValue: entry.action })}</Text>
              <Text size="xs" c="dimmed" ff="monospace">
                {entry.action}
              </Text>
            </Table.Td>
            <Table.Td>
              <Spoiler maxHeight={0} showLabel={t("details")} hideLabel={t("common:actions.close")}>
                <Code block>{JSON.stringify(entry.summary, null, 2)}</Code>
              </Spoiler>
            </Table.Td>
          </Table.Tr>
        ))}
      </TableCard>
    </>
  );
}
