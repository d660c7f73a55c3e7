import { Alert, Button, Code, CopyButton, Group, Modal, Stack } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";

/** A secret the server shows only once (an API token, a webhook's signing secret), with a copy button. */
export function SecretModal({ title, secret, onClose }: { title: string; secret: string; onClose: () => void }) {
  const { t } = useTranslation();
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

/** A creation form whose result is a secret shown once: whether the form is open, then the secret. */
export function useCreationWithSecret() {
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  return {
    adding,
    secret,
    startAdding: () => setAdding(true),
    cancelAdding: () => setAdding(false),
    created: (createdSecret: string) => {
      setAdding(false);
      setSecret(createdSecret);
    },
    dismissSecret: () => setSecret(null),
  };
}
