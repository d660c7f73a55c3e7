import { Alert, Button, Group, Paper, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconSend } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";

import { QueryState } from "../../../components/QueryState";
import { notifyProblem } from "../../../lib/notify";
import { type MessageTemplate, useChannelTemplates } from "../../channels/api";
import { useSendMessage } from "../api";
import { fillTemplate, parametersComplete } from "../templates";

const valueOf = (template: MessageTemplate) => `${template.name}\u0000${template.language}`;

/** What the customer will read: the header, and the body filled with the values typed so far. */
function TemplatePreview({ template, parameters }: { template: MessageTemplate; parameters: string[] }) {
  const { t } = useTranslation("messages");
  return (
    <Paper withBorder p="sm" radius="md" bg="teal.0" aria-label={t("templates.preview")} data-testid="template-preview">
      {template.header_text && (
        <Text size="sm" fw={700} mb={4}>
          {template.header_text}
        </Text>
      )}
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
        {fillTemplate(template.body_text, parameters)}
      </Text>
    </Paper>
  );
}

interface Props {
  conversationId: string;
  channelId: string;
}

/** Once a Cloud API conversation's 24-hour window has closed, WhatsApp takes only an approved template: this picks
 * one of the channel's, asks for the values of its placeholders with a live preview, and sends it. */
export function TemplatePicker({ conversationId, channelId }: Props) {
  const { t } = useTranslation(["messages", "chat"]);
  const templates = useChannelTemplates(channelId);
  const send = useSendMessage(conversationId);
  const [chosen, setChosen] = useState<string | null>(null);
  const [parameters, setParameters] = useState<string[]>([]);
  // One key per message being written: a retried click finds the message instead of sending it again.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const items = templates.data?.items ?? [];
  const template = items.find((each) => valueOf(each) === chosen) ?? null;
  const ready = template !== null && parametersComplete(parameters, template.parameter_count);

  const choose = (value: string | null) => {
    setChosen(value);
    const picked = items.find((each) => valueOf(each) === value);
    setParameters(Array.from({ length: picked?.parameter_count ?? 0 }, () => ""));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!template || !ready || send.isPending) return;
    const body = { template: { name: template.name, language: template.language, parameters } };
    send.mutate(
      { body, key },
      {
        onSuccess: () => {
          setKey(crypto.randomUUID());
          choose(null);
        },
        onError: (error) => notifyProblem(t, error),
      },
    );
  };

  return (
    <QueryState isPending={templates.isPending} error={templates.error}>
      {items.length === 0 ? (
        <Alert variant="light" color="yellow">
          {t("templates.none")}
        </Alert>
      ) : (
        <form onSubmit={submit} aria-label={t("templates.form")}>
          <Stack gap="xs">
            <Select
              label={t("templates.choose")}
              placeholder={t("templates.choosePlaceholder")}
              data={items.map((each) => ({ value: valueOf(each), label: `${each.name} (${each.language})` }))}
              value={chosen}
              onChange={choose}
              searchable
              allowDeselect={false}
            />
            {template && (
              <>
                {parameters.map((value, index) => (
                  <TextInput
                    // The placeholders of one template never change while it is chosen.
                    key={`${chosen}-${index}`}
                    label={t("templates.parameter", { n: index + 1 })}
                    value={value}
                    required
                    onChange={(event) => {
                      const typed = event.currentTarget.value;
                      setParameters((current) => current.map((each, at) => (at === index ? typed : each)));
                    }}
                  />
                ))}
                <TemplatePreview template={template} parameters={parameters} />
              </>
            )}
            <Group justify="flex-end">
              <Button type="submit" leftSection={<IconSend size={16} />} loading={send.isPending} disabled={!ready}>
                {t("templates.send")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </QueryState>
  );
}
