import { Alert, Anchor, Badge, Group, Tabs, Text, Title } from "@mantine/core";
import {
  IconArrowLeft,
  IconClockHour4,
  IconHistory,
  IconMessages,
  IconPlugConnected,
  IconUser,
} from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";

import { QueryState } from "../../../components/QueryState";
import { useMe } from "../../../app/me";
import { can } from "../../../app/permissions";
import { settingsPath } from "../../../app/settings/tabs";
import { useCompanyTime } from "../../../app/companyTime";
import { useUser } from "../api";
import { AccessHoursTab } from "../components/AccessHoursTab";
import { ChannelsDepartmentsTab } from "../components/ChannelsDepartmentsTab";
import { ChatParamsTab } from "../components/ChatParamsTab";
import { PersonalDataTab } from "../components/PersonalDataTab";
import { PresenceHistoryTab } from "../components/PresenceHistoryTab";
import { AdminBadge, StatusBadge } from "../components/UserBadges";

const TABS = ["personal", "chat", "links", "presence", "access-hours"] as const;
type Tab = (typeof TABS)[number];

/** One attendant: "Dados pessoais", "Parâmetros de chat", "Canais e departamentos", "Histórico online/offline",
 * "Bloqueio de acesso por horário". The open tab is kept in the address (`?tab=`). */
export function UserPage() {
  const { t } = useTranslation("users");
  const { dateTime } = useCompanyTime();
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const { data: me } = useMe();
  const user = useUser(id);
  const isSelf = me?.user.id === id;
  const canManage = can(me, "users.manage");
  // Someone looking at their own page may not be allowed to list the others.
  const canList = can(me, "users.view");
  const canSeePresence = isSelf || can(me, "presence.view_history");
  const tabs = TABS.filter((tab) => tab !== "presence" || canSeePresence);
  const asked = params.get("tab");
  const tab: Tab = tabs.find((value) => value === asked) ?? "personal";

  return (
    <>
      {canList && (
        <Anchor
          component={Link}
          to={settingsPath("users")}
          size="sm"
          mb="xs"
          display="inline-flex"
          style={{ alignItems: "center", gap: 4 }}
        >
          <IconArrowLeft size={16} aria-hidden />
          {t("page.back")}
        </Anchor>
      )}
      <QueryState isPending={user.isPending} error={user.error} onRetry={() => void user.refetch()}>
        {user.data && (
          <>
            <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
              <div>
                <Group gap="sm" align="center">
                  <Title order={2}>{user.data.name}</Title>
                  <StatusBadge status={user.data.status} />
                  {user.data.is_admin && <AdminBadge />}
                  {isSelf && (
                    <Badge variant="dot" color="blue">
                      {t("page.you")}
                    </Badge>
                  )}
                </Group>
                <Text c="dimmed" size="sm">
                  {user.data.email} · {t("page.since", { date: dateTime(user.data.created_at) })}
                </Text>
              </div>
            </Group>
            {!canManage && (
              <Alert color="blue" variant="light" mb="md">
                {t("page.readOnly")}
              </Alert>
            )}
            <Tabs
              value={tab}
              onChange={(value) =>
                setParams(
                  (current) => {
                    const next = new URLSearchParams(current);
                    if (value && value !== "personal") next.set("tab", value);
                    else next.delete("tab");
                    return next;
                  },
                  { replace: true },
                )
              }
            >
              <Tabs.List aria-label={t("tabs.label")} mb="lg">
                <Tabs.Tab value="personal" leftSection={<IconUser size={16} aria-hidden />}>
                  {t("tabs.personal")}
                </Tabs.Tab>
                <Tabs.Tab value="chat" leftSection={<IconMessages size={16} aria-hidden />}>
                  {t("tabs.chat")}
                </Tabs.Tab>
                <Tabs.Tab value="links" leftSection={<IconPlugConnected size={16} aria-hidden />}>
                  {t("tabs.links")}
                </Tabs.Tab>
                {canSeePresence && (
                  <Tabs.Tab value="presence" leftSection={<IconHistory size={16} aria-hidden />}>
                    {t("tabs.presence")}
                  </Tabs.Tab>
                )}
                <Tabs.Tab value="access-hours" leftSection={<IconClockHour4 size={16} aria-hidden />}>
                  {t("tabs.accessHours")}
                </Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="personal">
                <PersonalDataTab user={user.data} canManage={canManage} />
              </Tabs.Panel>
              <Tabs.Panel value="chat">
                <ChatParamsTab user={user.data} canManage={canManage} />
              </Tabs.Panel>
              <Tabs.Panel value="links">
                <ChannelsDepartmentsTab user={user.data} canManage={canManage} />
              </Tabs.Panel>
              {canSeePresence && (
                <Tabs.Panel value="presence">
                  <PresenceHistoryTab user={user.data} />
                </Tabs.Panel>
              )}
              <Tabs.Panel value="access-hours">
                <AccessHoursTab user={user.data} canManage={canManage} />
              </Tabs.Panel>
            </Tabs>
          </>
        )}
      </QueryState>
    </>
  );
}
