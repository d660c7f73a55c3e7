import { Button, Group, MultiSelect, Popover, Text } from "@mantine/core";
import { IconTag } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import { notifyProblem } from "../../../lib/notify";
import { type LabelTag, useLabels, useSetConversationLabels } from "../api";
import { LabelChips } from "./LabelChips";

interface Props {
  conversationId: string;
  labels: LabelTag[];
}

/** The labels of the open conversation, and the control that sets them: each change is saved at once. */
export function ConversationLabels({ conversationId, labels }: Props) {
  const { t } = useTranslation("chat");
  const [opened, setOpened] = useState(false);
  // The company's labels are read once someone opens the control.
  const company = useLabels(opened);
  const save = useSetConversationLabels(conversationId);
  const options = (company.data?.items ?? []).map((label) => ({ value: label.id, label: label.name }));
  return (
    <Group gap="xs" wrap="wrap">
      <LabelChips labels={labels} />
      <Popover opened={opened} onChange={setOpened} position="bottom-start" width={320} shadow="md">
        <Popover.Target>
          <Button
            size="compact-xs"
            variant="subtle"
            leftSection={<IconTag size={14} />}
            onClick={() => setOpened((open) => !open)}
          >
            {t("labels.open")}
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          {company.isSuccess && options.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("labels.none")}
            </Text>
          ) : (
            <MultiSelect
              label={t("labels.title")}
              placeholder={t("labels.placeholder")}
              data={options}
              value={labels.map((label) => label.id)}
              onChange={(ids) => save.mutate(ids, { onError: (error) => notifyProblem(t, error) })}
              // Until the company's labels are read, clearing would take off labels it cannot show.
              disabled={save.isPending || !company.isSuccess}
              searchable
              clearable
              hidePickedOptions
              // Inside the popover, so that picking an option does not close it as a click outside.
              comboboxProps={{ withinPortal: false }}
            />
          )}
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
