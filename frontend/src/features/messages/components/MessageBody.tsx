import { Anchor, Badge, Group, List, Paper, Stack, Text } from "@mantine/core";
import { IconExternalLink, IconMapPin, IconUser } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

import type { Schemas } from "../../../api/client";
import type { Message } from "../api";
import { MediaView } from "./MediaView";

type Location = Schemas["Location"];

/** The OpenStreetMap page centred on a point, with a marker. */
export function openStreetMapUrl({ latitude, longitude }: Pick<Location, "latitude" | "longitude">): string {
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
}

function LocationCard({ location }: { location: Location }) {
  const { t } = useTranslation("messages");
  return (
    <Paper withBorder p="xs" radius="sm" bg="white">
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <IconMapPin size={28} color="var(--mantine-color-red-7)" aria-hidden />
        <Stack gap={2}>
          <Text size="sm" fw={500}>
            {location.name || t("location.title")}
          </Text>
          {location.address && <Text size="xs">{location.address}</Text>}
          <Text size="xs" c="dimmed" ff="monospace">
            {location.latitude.toFixed(5)}, {location.longitude.toFixed(5)}
          </Text>
          <Anchor href={openStreetMapUrl(location)} target="_blank" rel="noopener noreferrer" size="sm">
            <Group gap={4} component="span">
              {t("location.open")} <IconExternalLink size={14} aria-hidden />
            </Group>
          </Anchor>
        </Stack>
      </Group>
    </Paper>
  );
}

function ContactCards({ contacts }: { contacts: Message["contacts"] }) {
  const { t } = useTranslation("messages");
  return (
    <Stack gap={6}>
      {contacts.map((contact, index) => (
        <Paper
          key={`${contact.name}-${index}`}
          withBorder
          p="xs"
          radius="sm"
          bg="white"
          role="group"
          aria-label={contact.name}
        >
          <Group wrap="nowrap" align="flex-start" gap="sm">
            <IconUser size={24} aria-hidden />
            <Stack gap={0}>
              <Text size="sm" fw={500}>
                {contact.name}
              </Text>
              {contact.numbers.length === 0 && (
                <Text size="xs" c="dimmed">
                  {t("contacts.noNumber")}
                </Text>
              )}
              {contact.numbers.map((number) => (
                <Anchor key={number} href={`tel:${number.replace(/[^\d+]/g, "")}`} size="xs" ff="monospace">
                  {number}
                </Anchor>
              ))}
            </Stack>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

function TemplateCard({ template }: { template: NonNullable<Message["template"]> }) {
  const { t } = useTranslation("messages");
  return (
    <Stack gap={2}>
      <Group gap={6}>
        <Text size="sm" fw={500}>
          {t("template.title", { name: template.name })}
        </Text>
        <Badge size="xs" variant="outline" aria-label={t("template.language", { language: template.language })}>
          {template.language}
        </Badge>
      </Group>
      {template.parameters.length > 0 && (
        <List size="sm" type="ordered">
          {template.parameters.map((parameter, index) => (
            <List.Item key={index}>{parameter}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** A notice rather than something someone wrote: what WhatsApp said, or a kind BlocoPro does not show. */
export function isNotice(message: Message): boolean {
  return message.kind === "system" || message.kind === "unsupported";
}

export function NoticeText({ message }: { message: Message }) {
  const { t } = useTranslation("messages");
  return (
    <Text size="xs" c="dimmed" fs="italic" ta="center" data-kind={message.kind}>
      {message.kind === "unsupported" ? t("unsupported") : message.text}
    </Text>
  );
}

/** What a message says, drawn by its kind, with its text (the body, or a file's caption) under it. */
export function MessageBody({ message }: { message: Message }) {
  const { t } = useTranslation("messages");
  const caption = message.text && (
    <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {message.text}
    </Text>
  );
  const shown = (() => {
    switch (message.kind) {
      case "location":
        return message.location && <LocationCard location={message.location} />;
      case "contacts":
        return <ContactCards contacts={message.contacts} />;
      case "interactive_answer":
        return (
          message.interactive && (
            <Text size="sm" fw={500}>
              ☑️ {t("interactive.chose", { title: message.interactive.title })}
            </Text>
          )
        );
      case "template":
        return (
          message.template && (
            <>
              {message.template.header_media && message.media && (
                // The file of the template's header, drawn as a message of its kind.
                <MediaView message={{ ...message, kind: message.template.header_media }} />
              )}
              <TemplateCard template={message.template} />
            </>
          )
        );
      case "system":
      case "unsupported":
        return <NoticeText message={message} />;
      default:
        return <MediaView message={message} />;
    }
  })();
  const captionShown = message.kind !== "system" && caption;
  return (
    <Stack gap={4} data-kind={message.kind}>
      {shown}
      {captionShown}
    </Stack>
  );
}
