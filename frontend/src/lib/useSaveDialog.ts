// The save step of a settings form: create or change through the area's mutation, say so, close, and read the
// failure back (the field errors, the conflict, or one message for the rest).
import type { UseMutationResult } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";

import { notifyDone } from "./notify";
import { fieldErrors, problemMessage, problemOf } from "./problem";

type SaveMutation<T, R> = Pick<UseMutationResult<R, Error, T>, "mutate" | "error" | "isPending">;

/** A form that creates (`create`) or changes (`update`) one thing; a form uses one of the two, so the failure and
 * the wait are whichever it used. On success `saved` (if any) is shown and `onSaved` runs (the dialog closes). */
export function useSaveDialog<C, CR, U, UR>({
  create,
  update,
  saved,
  onSaved,
  conflict,
  fields,
}: {
  create?: SaveMutation<C, CR>;
  update?: SaveMutation<U, UR>;
  /** The toast's text. */
  saved?: string;
  onSaved: () => void;
  /** The problem code that means the name is taken, told apart from the other failures. */
  conflict?: string;
  /** The fields the form shows its errors beside; any other failure is `problem`. */
  fields: readonly string[];
}) {
  const { t } = useTranslation();
  const failed = create?.error ?? update?.error ?? null;
  const errors = fieldErrors(failed);
  const taken = conflict !== undefined && problemOf(failed)?.code === conflict;
  const placed = taken || fields.some((field) => errors[field]);
  const done = {
    onSuccess: () => {
      if (saved) notifyDone(saved);
      onSaved();
    },
  };
  return {
    create: (input: C) => create?.mutate(input, done),
    update: (input: U) => update?.mutate(input, done),
    isPending: Boolean(create?.isPending || update?.isPending),
    /** Field → first message. */
    errors,
    /** The name (or shortcut) is already taken. */
    taken,
    /** What went wrong when it is neither a shown field's error nor the conflict. */
    problem: failed && !placed ? problemMessage(t, failed) : null,
  };
}
