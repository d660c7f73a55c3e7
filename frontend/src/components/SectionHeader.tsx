import { Button, Group, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";

/** What a settings section is for, and its green "add" button. */
export function SectionHeader({ intro, addLabel, onAdd }: { intro: string; addLabel: string; onAdd: () => void }) {
  return (
    <Group justify="space-between" align="flex-start">
      <Text size="sm" c="dimmed" maw={720}>
        {intro}
      </Text>
      <Button color="green" leftSection={<IconPlus size={16} />} onClick={onAdd}>
        {addLabel}
      </Button>
    </Group>
  );
}
