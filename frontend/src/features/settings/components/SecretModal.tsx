import { Alert, Button, Code, CopyButton, Group, Modal, Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** A secret the server shows only once (an API token, a webhook's signing secret), with a copy button. */
export function SecretModal({ title, secret, onClose }: { title: string; secret: string; onClose: () => void }) {
  const { t } = useTranslation("settings");
  return (
    <Modal opened onClose={onClose} title={title} size="lg" centered>
      <Stack>
        <Alert color="orange" variant="light">
          {t("secret.explain")}
        </Alert>
        <Code block>{secret}</Code>
        <Group justify="flex-end">
          <CopyButton value={secret}>
            {({ copied, copy }) => <Button onClick={copy}>{copied ? t("secret.copied") : t("secret.copy")}</Button>}
          </CopyButton>
        </Group>
      </Stack>
    </Modal>
  );
}
