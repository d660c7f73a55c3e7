import { Button, Group, Modal, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";

interface Props {
  opened: boolean;
  title: string;
  message?: string;
  confirmLabel?: string;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}

/** Asks before a destructive action. */
export function ConfirmModal({ opened, title, message, confirmLabel, loading, onConfirm, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Text size="sm">{message ?? t("confirmDelete")}</Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          {t("actions.cancel")}
        </Button>
        <Button color="red" onClick={onConfirm} loading={loading}>
          {confirmLabel ?? t("actions.delete")}
        </Button>
      </Group>
    </Modal>
  );
}
