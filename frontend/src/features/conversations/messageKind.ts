// How Chat names a message that is not plain text (issue 16): a label by kind ("📷 Foto"), shown before the
// preview in lists, in replies' quotes and in a contact's history (the thread draws each kind itself).
import type { Schemas } from "../../api/client";

export type MessageKind = Schemas["MessageKind"];
type LabelledKind = Exclude<MessageKind, "text">;

/** The key of a kind's label in the `chat` texts; `null` for plain text, which needs none. */
export function kindLabelKey(kind: MessageKind): `kind.${LabelledKind}` | null {
  return kind === "text" ? null : `kind.${kind}`;
}

/** One line for a list: the kind's label, then the preview (either may be missing). */
export function previewLine(label: string | null, preview: string | null | undefined): string {
  const text = preview?.trim() ?? "";
  if (!label) return text;
  return text ? `${label} · ${text}` : label;
}
