import { Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

interface Props {
  submitLabel?: string;
  loading?: boolean;
  disabled?: boolean;
  onCancel: () => void;
}

/** The footer of a form in a dialog: Cancel, then the submit button. */
export function FormActions({ submitLabel, loading, disabled, onCancel }: Props) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {t("actions.cancel")}
      </Button>
      <Button type="submit" loading={loading} disabled={disabled}>
        {submitLabel ?? t("actions.save")}
      </Button>
    </Group>
  );
}
