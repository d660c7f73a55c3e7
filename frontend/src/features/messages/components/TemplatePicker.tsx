import { Alert, Badge, Button, FileInput, Group, Paper, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconPaperclip, IconSend } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { QueryState } from "../../../components/QueryState";
import { notifyProblem } from "../../../lib/notify";
import { type MessageTemplate, useChannelTemplates } from "../../channels/api";
import { uploadMedia, useSendMessage } from "../api";
import { type MediaKind, refusalOf } from "../limits";
import {
  type TemplateValues,
  buttonParameters,
  buttonsTakingValues,
  emptyValues,
  fillTemplate,
  templateReady,
} from "../templates";

const valueOf = (template: MessageTemplate) => `${template.name}\u0000${template.language}`;

/** The files a media header may take, by kind (what WhatsApp shows as such). */
const ACCEPTED: Record<string, string> = {
  image: "image/jpeg,image/png",
  video: "video/mp4,video/3gpp",
  document: "*/*",
};

/** What the customer will read: the header (its text filled in, or its file), the body filled with the values typed
 * so far, and the buttons. */
function TemplatePreview({ template, values }: { template: MessageTemplate; values: TemplateValues }) {
  const { t } = useTranslation("messages");
  return (
    <Paper withBorder p="sm" radius="md" bg="teal.0" aria-label={t("templates.preview")} data-testid="template-preview">
      {template.header_media && (
        <Text size="xs" c="dimmed" mb={4}>
          {values.file ? values.file.name : t(`templates.headerFile.${template.header_media}`)}
        </Text>
      )}
      {template.header_text && (
        <Text size="sm" fw={700} mb={4}>
          {fillTemplate(template.header_text, values.header)}
        </Text>
      )}
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
        {fillTemplate(template.body_text, values.parameters)}
      </Text>
      {template.buttons.length > 0 && (
        <Group gap={4} mt="xs">
          {template.buttons.map((button) => (
            <Badge key={button.index} variant="outline" color="teal" tt="none">
              {button.text}
            </Badge>
          ))}
        </Group>
      )}
    </Paper>
  );
}

/** A text field per value of `values` (body or header placeholders), labelled by `label(n)`. */
function ValueFields({
  values,
  idPrefix,
  label,
  onChange,
}: {
  values: string[];
  idPrefix: string;
  label: (n: number) => string;
  onChange: (values: string[]) => void;
}) {
  return values.map((value, index) => (
    <TextInput
      // The placeholders of one template never change while it is chosen.
      key={`${idPrefix}-${index}`}
      label={label(index + 1)}
      value={value}
      required
      onChange={(event) => {
        const typed = event.currentTarget.value;
        onChange(values.map((each, at) => (at === index ? typed : each)));
      }}
    />
  ));
}

/** The fields of a chosen template's header: the values of its text's placeholders, or its file. */
function HeaderFields({
  template,
  values,
  setValues,
  fileRefusal,
}: {
  template: MessageTemplate;
  values: TemplateValues;
  setValues: (update: (current: TemplateValues) => TemplateValues) => void;
  fileRefusal: string | null;
}) {
  const { t } = useTranslation("messages");
  const kind = template.header_media;
  return (
    <>
      <ValueFields
        values={values.header}
        idPrefix={`header-${valueOf(template)}`}
        label={(n) => t("templates.headerParameter", { n })}
        onChange={(header) => setValues((current) => ({ ...current, header }))}
      />
      {kind && (
        <FileInput
          label={t(`templates.headerFile.${kind}`)}
          placeholder={t("templates.chooseFile")}
          leftSection={<IconPaperclip size={16} />}
          accept={ACCEPTED[kind]}
          value={values.file}
          onChange={(file) => setValues((current) => ({ ...current, file }))}
          error={fileRefusal}
          required
          clearable
        />
      )}
    </>
  );
}

/** A field per button of the chosen template that takes a value (required ones marked). */
function ButtonFields({
  template,
  values,
  setValues,
}: {
  template: MessageTemplate;
  values: TemplateValues;
  setValues: (update: (current: TemplateValues) => TemplateValues) => void;
}) {
  const { t } = useTranslation("messages");
  return buttonsTakingValues(template.buttons).map((button) => (
    <TextInput
      key={`button-${valueOf(template)}-${button.index}`}
      label={t(`templates.button.${button.parameter}`, { text: button.text })}
      description={button.url ?? undefined}
      value={values.buttons[button.index] ?? ""}
      required={button.parameter_required}
      onChange={(event) => {
        const typed = event.currentTarget.value;
        setValues((current) => ({ ...current, buttons: { ...current.buttons, [button.index]: typed } }));
      }}
    />
  ));
}

interface Props {
  conversationId: string;
  channelId: string;
  /** After the template is stored (e.g. to show the latest messages, where it is). */
  onSent?: () => void;
}

/** Once a Cloud API conversation's 24-hour window has closed, WhatsApp takes only an approved template: this picks
 * one of the channel's, asks for what it takes (the values of its body's and header's placeholders, its header's
 * file, its buttons' values) with a live preview, and sends it. */
export function TemplatePicker({ conversationId, channelId, onSent }: Props) {
  const { t } = useTranslation(["messages", "chat"]);
  const templates = useChannelTemplates(channelId);
  const send = useSendMessage(conversationId);
  const [chosen, setChosen] = useState<string | null>(null);
  const [values, setValues] = useState<TemplateValues>(() => emptyValues(null));
  const [uploading, setUploading] = useState(false);
  // One key per message being written: a retried click finds the message instead of sending it again.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const items = templates.data?.items ?? [];
  const template = items.find((each) => valueOf(each) === chosen) ?? null;
  const kind = (template?.header_media ?? null) as MediaKind | null;
  const refused = kind && values.file ? refusalOf(values.file, kind) : null;
  const fileRefusal = refused ? t("templates.fileRefused", { name: values.file?.name }) : null;
  const ready = template !== null && templateReady(template, values) && !refused;
  const busy = send.isPending || uploading;

  const choose = (value: string | null) => {
    setChosen(value);
    setValues(emptyValues(items.find((each) => valueOf(each) === value) ?? null));
  };

  /** The header's file uploaded (its id), when the template has a media header. */
  const uploadedHeader = async (): Promise<string | undefined> => {
    if (!kind || !values.file) return undefined;
    setUploading(true);
    try {
      return (await uploadMedia(values.file, kind, () => {}).done).id;
    } finally {
      setUploading(false);
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!template || !ready || busy) return;
    let headerMediaId: string | undefined;
    try {
      headerMediaId = await uploadedHeader();
    } catch (error) {
      notifyProblem(t, error);
      return;
    }
    const body = {
      template: {
        name: template.name,
        language: template.language,
        parameters: values.parameters,
        header_parameters: values.header,
        header_media_id: headerMediaId,
        button_parameters: buttonParameters(values),
      },
    };
    send.mutate(
      { body, key },
      {
        onSuccess: () => {
          setKey(crypto.randomUUID());
          choose(null);
          onSent?.();
        },
        onError: (error) => notifyProblem(t, error),
      },
    );
  };

  const sendable = items.filter((each) => each.sendable);
  return (
    <QueryState isPending={templates.isPending} error={templates.error}>
      {sendable.length === 0 ? (
        <Alert variant="light" color="yellow">
          {t("templates.none")}
        </Alert>
      ) : (
        <form onSubmit={(event) => void submit(event)} aria-label={t("templates.form")}>
          <Stack gap="xs">
            <Select
              label={t("templates.choose")}
              placeholder={t("templates.choosePlaceholder")}
              data={sendable.map((each) => ({ value: valueOf(each), label: `${each.name} (${each.language})` }))}
              value={chosen}
              onChange={choose}
              searchable
              allowDeselect={false}
            />
            {template && (
              <>
                <HeaderFields template={template} values={values} setValues={setValues} fileRefusal={fileRefusal} />
                <ValueFields
                  values={values.parameters}
                  idPrefix={`body-${valueOf(template)}`}
                  label={(n) => t("templates.parameter", { n })}
                  onChange={(parameters) => setValues((current) => ({ ...current, parameters }))}
                />
                <ButtonFields template={template} values={values} setValues={setValues} />
                <TemplatePreview template={template} values={values} />
              </>
            )}
            <Group justify="flex-end">
              <Button type="submit" leftSection={<IconSend size={16} />} loading={busy} disabled={!ready}>
                {t("templates.send")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </QueryState>
  );
}
