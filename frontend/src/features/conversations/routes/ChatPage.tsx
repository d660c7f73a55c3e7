import {
  CloseButton,
  Center,
  Grid,
  Loader,
  NativeSelect,
  Paper,
  SegmentedControl,
  Stack,
  Tabs,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";

import { useMe } from "../../../app/me";
import { afterFirstScreen } from "../../../lib/afterFirstScreen";
import { useLabels } from "../../labels/api";
import { MIN_SEARCH_CHARS } from "../../messages/api";
import { MessageSearchResults } from "../../messages/components/MessageSearch";
import { ConversationList } from "../components/ConversationList";
import { type Kind, type Queue, QUEUES, filtersOf, listAt } from "../queues";

// The open conversation is not on the Chat's first screen (the list is): it loads after it, or at once when the
// address names a conversation (the first-screen script then preloads it beside the page).
const loadThread = () => import("../components/Thread");
const Thread = lazy(() => loadThread().then((module) => ({ default: module.Thread })));

/** Narrows the list to one of the company's labels; shown once the company has some. A native select: the Chat's
 * first screen carries no dropdown library. */
function LabelFilter({ value, onChange }: { value: string | null; onChange: (label: string | null) => void }) {
  const { t } = useTranslation("chat");
  const loaded = useLabels().data?.items;
  const labels = loaded ?? [];
  const gone = Boolean(value && loaded && !loaded.some((label) => label.id === value));
  // A label deleted since the address was written filters nothing any more: the list shows everything again.
  useEffect(() => {
    if (gone) onChange(null);
  }, [gone, onChange]);
  if (labels.length === 0) return null;
  return (
    <NativeSelect
      aria-label={t("labels.filter")}
      size="xs"
      value={value ?? ""}
      onChange={(event) => onChange(event.currentTarget.value || null)}
      data={[{ value: "", label: t("labels.all") }, ...labels.map((label) => ({ value: label.id, label: label.name }))]}
    />
  );
}

interface QueueProps {
  kind: Kind;
  queue: Queue;
  label: string | null;
  selected: string | null;
  onSelect: (id: string) => void;
}

/** The queue's conversations. "Minhas" needs who is signed in: only this part renders again when that arrives, not
 * the page around it. */
function QueueConversations({ kind, queue, label, selected, onSelect }: QueueProps) {
  const { data: me } = useMe();
  return (
    <ConversationList filters={filtersOf(kind, queue, me?.user.id, label)} selected={selected} onSelect={onSelect} />
  );
}

/** "Chat": the message search, tabs Conversas / Grupos, the queues, and the open conversation (kept in the address,
 * with the message it was opened at from a search result). */
export function ChatPage() {
  const { t } = useTranslation("chat");
  const [search, setSearch] = useState("");
  const [searched] = useDebouncedValue(search.trim(), 300);
  const [params, setParams] = useSearchParams();
  const { kind, queue, label } = listAt(params);
  const selected = params.get("c");
  const openedAt = params.get("m");
  useEffect(() => afterFirstScreen(loadThread), []);
  const update = (changes: Record<string, string | null>) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      Object.entries(changes).forEach(([name, value]) => (value === null ? next.delete(name) : next.set(name, value)));
      return next;
    });
  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
        <Paper withBorder p="sm">
          <Stack gap="sm">
            <TextInput
              aria-label={t("messages:search.label")}
              placeholder={t("messages:search.label")}
              value={search}
              onChange={(event) => setSearch(event.currentTarget.value)}
              rightSection={
                search && <CloseButton aria-label={t("messages:search.clear")} onClick={() => setSearch("")} />
              }
            />
          </Stack>
          {searched.length >= MIN_SEARCH_CHARS ? (
            <Stack gap="sm" mt="sm">
              <MessageSearchResults
                query={searched}
                onOpen={(found) => update({ c: found.conversation_id, m: found.message_id })}
              />
            </Stack>
          ) : (
            <Stack gap="sm" mt="sm">
              {searched.length > 0 && (
                <Text size="xs" c="dimmed">
                  {t("messages:search.hint", { min: MIN_SEARCH_CHARS })}
                </Text>
              )}
              <Tabs value={kind} onChange={(value) => update({ kind: value, queue: null, c: null, m: null })}>
                <Tabs.List grow>
                  <Tabs.Tab value="direct">{t("tabs.direct")}</Tabs.Tab>
                  <Tabs.Tab value="group">{t("tabs.group")}</Tabs.Tab>
                </Tabs.List>
              </Tabs>
              <SegmentedControl
                aria-label={t("queuesLabel")}
                size="xs"
                fullWidth
                // Five queues side by side: narrow padding keeps "Em atendimento" and the rest inside the column.
                styles={{ label: { paddingInline: 4 } }}
                value={queue}
                onChange={(value) => update({ queue: value })}
                data={QUEUES.map((value) => ({ value, label: t(`queues.${value}`) }))}
              />
              <LabelFilter value={label} onChange={(value) => update({ label: value })} />
              <QueueConversations
                kind={kind}
                queue={queue}
                label={label}
                selected={selected}
                onSelect={(id) => update({ c: id, m: null })}
              />
            </Stack>
          )}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
        <Paper withBorder p="md" mih="calc(100vh - 140px)">
          {selected ? (
            <Suspense
              fallback={
                <Center h="100%">
                  <Loader />
                </Center>
              }
            >
              {/* Keyed by the conversation alone: going from a search result's window to the latest messages keeps
                  the composer and what it holds. */}
              <Thread key={selected} id={selected} around={openedAt} onLatest={() => update({ m: null })} />
            </Suspense>
          ) : (
            <Text c="dimmed">{t("pick")}</Text>
          )}
        </Paper>
      </Grid.Col>
    </Grid>
  );
}
