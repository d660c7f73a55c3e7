import { Badge, Group, type MantineSize } from "@mantine/core";

import type { LabelTag } from "../api";

/** A conversation's labels as coloured chips; nothing when it has none. */
export function LabelChips({ labels, size = "sm" }: { labels: LabelTag[]; size?: MantineSize }) {
  if (labels.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {labels.map((label) => (
        <Badge key={label.id} color={label.colour} variant="light" size={size} radius="sm" tt="none">
          {label.name}
        </Badge>
      ))}
    </Group>
  );
}
