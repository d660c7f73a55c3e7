import type { UseMutationResult } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { notifyDone, notifyProblem } from "../lib/notify";
import { ConfirmModal } from "./ConfirmModal";

interface Props<T extends { id: string }> {
  /** What is about to be deleted; `null` keeps the dialog closed. */
  item: T | null;
  title: string;
  message: string;
  remove: UseMutationResult<unknown, Error, string>;
  /** Said once it is gone. */
  done?: string;
  onClose: () => void;
}

/** Asks before deleting `item`, deletes it with `remove`, and tells how it went. */
export function ConfirmDelete<T extends { id: string }>({ item, title, message, remove, done, onClose }: Props<T>) {
  const { t } = useTranslation();
  const confirm = () =>
    item &&
    remove.mutate(item.id, {
      onSuccess: () => {
        if (done) notifyDone(done);
        onClose();
      },
      onError: (error) => notifyProblem(t, error),
    });
  return (
    <ConfirmModal
      opened={item !== null}
      title={title}
      message={message}
      loading={remove.isPending}
      onClose={onClose}
      onConfirm={confirm}
    />
  );
}
