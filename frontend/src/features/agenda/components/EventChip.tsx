import { Text, UnstyledButton } from "@mantine/core";
import { IconUser } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import type { AgendaEvent } from "../api";
import classes from "./Agenda.module.css";

interface Props {
  event: AgendaEvent;
  /** Formats the start time (in the company's zone). */
  time: Intl.DateTimeFormat;
  contactName: string | undefined;
  /** One line each for time+title and contact, cut with "…" (a month's narrow cells). */
  compact?: boolean;
  onOpen: (event: AgendaEvent) => void;
}

/** An appointment in a calendar cell: its time, title and linked contact; opens it for editing. */
export function EventChip({ event, time, contactName, compact = false, onOpen }: Props) {
  const { t } = useTranslation("agenda");
  return (
    <UnstyledButton
      className={classes.chip}
      aria-label={t("edit", { title: event.title })}
      title={contactName ? `${event.title} — ${contactName}` : event.title}
      onClick={(click) => {
        click.stopPropagation();
        onOpen(event);
      }}
    >
      <Text size="xs" fw={600} truncate={compact}>
        {time.format(new Date(event.starts_at))} {event.title}
      </Text>
      {contactName && (
        <Text size="xs" c="dimmed" truncate={compact}>
          <IconUser size={11} aria-hidden style={{ verticalAlign: "-1px" }} /> {contactName}
        </Text>
      )}
    </UnstyledButton>
  );
}
