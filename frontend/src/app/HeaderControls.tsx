import { Avatar, Group, SegmentedControl, UnstyledButton } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ComponentProps, useCallback, useEffect, useRef, useState } from "react";
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
  // Shown before "me" arrives, none of its choices marked until then: appearing later, it moved the header's other
  // controls, and its first layout came in the middle of the Chat's first data.
  return (
    <SegmentedControl
      aria-label={t("presence.label")}
      size="xs"
      value={(change.isPending ? change.variables : me?.presence) ?? ""}
      onChange={(value) => me && change.mutate(value as Presence)}
      data={PRESENCES.map((value) => ({ value, label: t(`presence.${value}`) }))}
    />
  );
}

// The account menu (a popover and what places it) is not on the first screen: it loads after it, or when the avatar
// is clicked or reached with the keyboard (it then opens, or keeps the focus). Until then the avatar is a plain
// button; it becomes the menu's between two gestures, never during one.
const loadAccountMenu = () => import("./AccountMenu");

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

function focusVisible(element: Element): boolean {
  try {
    return element.matches(":focus-visible");
  } catch {
    return false;
  }
}

type AccountMenuComponent = Awaited<ReturnType<typeof loadAccountMenu>>["default"];

function Account() {
  const [Menu, setMenu] = useState<{ Component: AccountMenuComponent; focused: boolean } | null>(null);
  const [clicked, setClicked] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const load = useCallback(() => {
    void loadAccountMenu().then(({ default: Component }) =>
      // The plain avatar's focus goes to the menu's.
      setMenu((loaded) => loaded ?? { Component, focused: document.activeElement === button.current }),
    );
  }, []);
  useEffect(() => afterFirstScreen(load), [load]);
  if (Menu) return <Menu.Component defaultOpened={clicked} autoFocus={Menu.focused && !clicked} />;
  return (
    <AccountButton
      ref={button}
      // Reaching it with the keyboard loads it; a click's focus does not, lest the button change between its
      // press and its release.
      onFocus={(event) => {
        if (focusVisible(event.currentTarget)) load();
      }}
      onClick={() => {
        setClicked(true);
        load();
      }}
    />
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
