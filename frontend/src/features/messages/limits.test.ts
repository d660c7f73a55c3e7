import { describe, expect, it } from "vitest";

import {
  MEDIA_LIMITS,
  canGoAsDocument,
  formatBytes,
  formatClock,
  kindOfFile,
  recordingFormat,
  refusalOf,
} from "./limits";

describe("an attached file", () => {
  it("goes as what WhatsApp shows it as, else as a document", () => {
    expect(kindOfFile({ type: "image/jpeg" })).toBe("image");
    expect(kindOfFile({ type: "image/png" })).toBe("image");
    expect(kindOfFile({ type: "image/webp" })).toBe("sticker");
    expect(kindOfFile({ type: "video/mp4" })).toBe("video");
    expect(kindOfFile({ type: "audio/ogg; codecs=opus" })).toBe("audio");
    expect(kindOfFile({ type: "audio/mpeg" })).toBe("audio");
    expect(kindOfFile({ type: "application/pdf" })).toBe("document");
    expect(kindOfFile({ type: "image/gif" })).toBe("document");
    expect(kindOfFile({ type: "audio/webm" })).toBe("document");
    expect(kindOfFile({ type: "" })).toBe("document");
    expect(kindOfFile({ type: "image/jpeg" }, true)).toBe("document");
  });

  it("may go as a document instead when it is a photo or a video", () => {
    expect(canGoAsDocument("image")).toBe(true);
    expect(canGoAsDocument("video")).toBe(true);
    expect(canGoAsDocument("audio")).toBe(false);
    expect(canGoAsDocument("document")).toBe(false);
  });

  it("is refused over WhatsApp's limit for its kind, or empty", () => {
    expect(MEDIA_LIMITS).toEqual({
      image: 5 * 1024 * 1024,
      audio: 16 * 1024 * 1024,
      voice_note: 16 * 1024 * 1024,
      video: 16 * 1024 * 1024,
      document: 100 * 1024 * 1024,
      sticker: 500 * 1024,
    });
    expect(refusalOf({ size: 5 * 1024 * 1024 }, "image")).toBeNull();
    expect(refusalOf({ size: 5 * 1024 * 1024 + 1 }, "image")).toEqual({ code: "too_large", limit: 5 * 1024 * 1024 });
    expect(refusalOf({ size: 6 * 1024 * 1024 }, "document")).toBeNull();
    expect(refusalOf({ size: 501 * 1024 }, "sticker")?.code).toBe("too_large");
    expect(refusalOf({ size: 0 }, "document")).toEqual({ code: "empty" });
  });
});

describe("sizes and durations", () => {
  it("read as people write them", () => {
    expect(formatBytes(900, "pt-BR")).toBe("900 B");
    expect(formatBytes(820 * 1024, "pt-BR")).toBe("820 KB");
    expect(formatBytes(4.5 * 1024 * 1024, "pt-BR")).toBe("4,5 MB");
    expect(formatBytes(4.5 * 1024 * 1024, "en")).toBe("4.5 MB");
    expect(formatClock(7)).toBe("0:07");
    expect(formatClock(725)).toBe("12:05");
  });
});

describe("a voice note", () => {
  it("is recorded in OGG Opus where the browser can, else in WebM Opus to be moved into OGG", () => {
    expect(recordingFormat(() => true)).toEqual({ mime: "audio/ogg;codecs=opus", remux: false });
    expect(recordingFormat((mime) => mime.startsWith("audio/webm"))).toEqual({
      mime: "audio/webm;codecs=opus",
      remux: true,
    });
    expect(recordingFormat(() => false)).toBeNull();
  });
});
