import { Alert, Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";

interface Props {
  submitLabel?: string;
  loading?: boolean;
  disabled?: boolean;
  onCancel: () => void;
  /** Why the last try failed, shown above the buttons when it is not shown beside a field. */
  problem?: string | null;
}

/** The footer of a form in a dialog: the problem if any, then Cancel and the submit button. */
export function FormActions({ submitLabel, loading, disabled, onCancel, problem }: Props) {
  const { t } = useTranslation();
  return (
    <>
      {problem && (
        <Alert color="red" variant="light">
          {problem}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t("actions.cancel")}
        </Button>
        <Button type="submit" loading={loading} disabled={disabled}>
          {submitLabel ?? t("actions.save")}
        </Button>
      </Group>
    </>
  );
}
