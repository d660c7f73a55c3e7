import { describe, expect, it } from "vitest";

import { chatText } from "./i18n";
import { type MessageKind, kindLabelKey, previewLine } from "./messageKind";

const kinds: MessageKind[] = [
  "text",
  "image",
  "audio",
  "voice_note",
  "video",
  "document",
  "sticker",
  "location",
  "contacts",
  "interactive_answer",
  "template",
  "unsupported",
  "system",
];

describe("message kinds in Chat", () => {
  it("label every kind but plain text, in both languages", () => {
    expect(kindLabelKey("text")).toBeNull();
    for (const kind of kinds.filter((each) => each !== "text")) {
      expect(kindLabelKey(kind)).toBe(`kind.${kind}`);
      expect(chatText["pt-BR"].kind[kind as Exclude<MessageKind, "text">]).toBeTruthy();
      expect(chatText.en.kind[kind as Exclude<MessageKind, "text">]).toBeTruthy();
    }
  });

  it("show the label before the preview, or alone when there is none", () => {
    expect(previewLine("📷 Foto", "Comprovante")).toBe("📷 Foto · Comprovante");
    expect(previewLine("📷 Foto", "")).toBe("📷 Foto");
    expect(previewLine("📷 Foto", null)).toBe("📷 Foto");
    expect(previewLine(null, "Oi, tudo bem?")).toBe("Oi, tudo bem?");
    expect(previewLine(null, undefined)).toBe("");
  });
});
