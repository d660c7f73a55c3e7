import { act, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { renderWithApp } from "../../../test/render";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { VoiceRecorder, voiceFormat } from "./VoiceRecorder";

/** What Chromium records: Opus in WebM. */
const webmRecording = readFileSync(join(import.meta.dirname, "..", "testdata", "recording.webm"));

/** A browser that records `supported` types, with a microphone that always answers. */
function browserRecording(supported: string[], recorded: BlobPart = "voz") {
  class FakeRecorder {
    static isTypeSupported = (mime: string) => supported.includes(mime);
    static last: FakeRecorder;
    state = "inactive";
    ondataavailable?: (event: { data: Blob }) => void;
    onstop?: () => void;
    constructor(
      readonly stream: unknown,
      readonly options: { mimeType: string },
    ) {
      FakeRecorder.last = this;
    }
    start() {
      this.state = "recording";
    }
    stop() {
      this.state = "inactive";
      this.ondataavailable?.({ data: new Blob([recorded], { type: this.options.mimeType }) });
      this.onstop?.();
    }
  }
  const stopTrack = vi.fn();
  vi.stubGlobal("MediaRecorder", FakeRecorder);
  Object.defineProperty(navigator, "mediaDevices", {
    configurable: true,
    value: { getUserMedia: vi.fn(async () => ({ getTracks: () => [{ stop: stopTrack }] })) },
  });
  return { FakeRecorder, stopTrack };
}

afterEach(() => vi.unstubAllGlobals());

describe("recording a voice note", () => {
  it("is offered where the browser records Opus, in OGG or in WebM", () => {
    browserRecording(["audio/ogg;codecs=opus", "audio/webm;codecs=opus"]);
    expect(voiceFormat()).toEqual({ mime: "audio/ogg;codecs=opus", remux: false });
    browserRecording(["audio/webm;codecs=opus"]);
    expect(voiceFormat()).toEqual({ mime: "audio/webm;codecs=opus", remux: true });
    browserRecording([]);
    expect(voiceFormat()).toBeNull();
    vi.stubGlobal("MediaRecorder", undefined);
    expect(voiceFormat()).toBeNull();
  });

  it("recorded in WebM is attached as an OGG voice note", async () => {
    browserRecording(["audio/webm;codecs=opus"], webmRecording);
    const recorded = vi.fn();
    renderWithApp(<VoiceRecorder format={voiceFormat()!} onRecorded={recorded} />);
    fireEvent.click(screen.getByRole("button", { name: "Gravar mensagem de voz" }));
    fireEvent.click(await screen.findByRole("button", { name: "Parar a gravação" }));
    await waitFor(() => expect(recorded).toHaveBeenCalledTimes(1));
    const [file, kind] = recorded.mock.calls[0]! as [File, string];
    expect(kind).toBe("voice_note");
    expect(file.name).toBe("mensagem-de-voz.ogg");
    expect(file.type).toBe("audio/ogg; codecs=opus");
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe("OggS");
  });

  it("records from the microphone and hands over the file, releasing the microphone", async () => {
    const { stopTrack } = browserRecording(["audio/ogg;codecs=opus"]);
    const recorded = vi.fn();
    renderWithApp(<VoiceRecorder format={voiceFormat()!} onRecorded={recorded} />);
    fireEvent.click(screen.getByRole("button", { name: "Gravar mensagem de voz" }));
    expect(await screen.findByText("● Gravando 0:00")).toBeTruthy();
    act(() => fireEvent.click(screen.getByRole("button", { name: "Parar a gravação" })));
    await waitFor(() => expect(recorded).toHaveBeenCalledTimes(1));
    const [file, kind] = recorded.mock.calls[0]!;
    expect(kind).toBe("voice_note");
    expect((file as File).name).toBe("mensagem-de-voz.ogg");
    expect((file as File).type).toBe("audio/ogg; codecs=opus");
    expect(stopTrack).toHaveBeenCalled();
    expect(screen.getByRole("button", { name: "Gravar mensagem de voz" })).toBeTruthy();
  });

  it("throws a discarded recording away", async () => {
    browserRecording(["audio/ogg;codecs=opus"]);
    const recorded = vi.fn();
    renderWithApp(<VoiceRecorder format={voiceFormat()!} onRecorded={recorded} />);
    fireEvent.click(screen.getByRole("button", { name: "Gravar mensagem de voz" }));
    fireEvent.click(await screen.findByRole("button", { name: "Descartar a gravação" }));
    await screen.findByRole("button", { name: "Gravar mensagem de voz" });
    expect(recorded).not.toHaveBeenCalled();
  });
});
