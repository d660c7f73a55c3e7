import { Avatar, Group, SegmentedControl, UnstyledButton } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ComponentProps, lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { type Schemas, api, unwrap } from "../api/client";
import { meKey, useMe } from "./me";
import { afterFirstScreen } from "../lib/afterFirstScreen";
import { notifyProblem } from "../lib/notify";

type Presence = Schemas["PresenceStatus"];
const PRESENCES: Presence[] = ["online", "away", "offline"];

function PresenceToggle() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const change = useMutation({
    mutationFn: (status: Presence) => unwrap(api.PUT("/api/v1/me/presence", { body: { status } })),
    // The server's answer shows at once (no flash of the old state), then "me" is read again.
    onSuccess: ({ status }) => {
      queryClient.setQueryData(meKey, (cached: Schemas["Me"] | undefined) => cached && { ...cached, presence: status });
      return queryClient.invalidateQueries({ queryKey: meKey });
    },
    onError: (error) => notifyProblem(t, error),
  });
  if (!me) return null;
  return (
    <SegmentedControl
      aria-label={t("presence.label")}
      size="xs"
      value={change.isPending ? change.variables : me.presence}
      onChange={(value) => change.mutate(value as Presence)}
      data={PRESENCES.map((value) => ({ value, label: t(`presence.${value}`) }))}
    />
  );
}

// The account menu (a popover and what places it) is not on the first screen: it loads when the pointer or the
// focus comes to the avatar, and opens at once if that was a click.
const loadAccountMenu = () => import("./AccountMenu");
const AccountMenu = lazy(loadAccountMenu);

/** The avatar that opens the account menu. */
export function AccountButton(props: ComponentProps<"button">) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return (
    <UnstyledButton aria-label={me ? `${t("nav.account")}: ${me.user.name}` : t("nav.account")} {...props}>
      <Avatar color="teal" radius="xl">
        {me?.user.name.slice(0, 2).toUpperCase()}
      </Avatar>
    </UnstyledButton>
  );
}

function Account() {
  // Why the menu is wanted: the pointer came over the avatar, the focus came to it, or it was clicked.
  const [wanted, setWanted] = useState<"hover" | "focus" | "open" | null>(null);
  useEffect(() => afterFirstScreen(loadAccountMenu), []);
  const trigger = (
    <AccountButton
      onPointerEnter={() => setWanted((current) => current ?? "hover")}
      onFocus={() => setWanted((current) => (current === "open" ? current : "focus"))}
      onClick={() => setWanted("open")}
    />
  );
  if (wanted === null) return trigger;
  return (
    <Suspense fallback={trigger}>
      {/* The menu's avatar replaces the one that was focused or clicked: the focus stays on the avatar. */}
      <AccountMenu defaultOpened={wanted === "open"} autoFocus={wanted !== "hover"} />
    </Suspense>
  );
}

export function HeaderControls() {
  return (
    <Group gap="sm" wrap="nowrap">
      <PresenceToggle />
      <Account />
    </Group>
  );
}
