import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

import { oggCrc, opusSamples, readWebmOpus, webmToOgg } from "./ogg";

const here = import.meta.dirname;
/** 1.5 s recorded by Chromium's MediaRecorder as `audio/webm;codecs=opus` (its fake microphone). */
const recording = new Uint8Array(readFileSync(join(here, "testdata", "recording.webm")));
/** A voice note made by opusenc (the reference encoder), for its CRCs. */
const reference = new Uint8Array(
  readFileSync(join(here, "..", "..", "..", "..", "e2e", "fixtures", "mensagem-de-voz.ogg")),
);

interface Page {
  flags: number;
  granule: number;
  sequence: number;
  packets: Uint8Array[];
  crcOk: boolean;
}

/** The pages of an Ogg file, each checked against its CRC. */
function pagesOf(file: Uint8Array): Page[] {
  const pages: Page[] = [];
  let at = 0;
  while (at < file.length) {
    const view = new DataView(file.buffer, file.byteOffset + at);
    expect(new TextDecoder().decode(file.subarray(at, at + 4))).toBe("OggS");
    const count = file[at + 26]!;
    const lacing = [...file.subarray(at + 27, at + 27 + count)];
    const length = 27 + count + lacing.reduce((sum, value) => sum + value, 0);
    const page = file.slice(at, at + length);
    const stored = view.getUint32(22, true);
    page.fill(0, 22, 26);
    const packets: Uint8Array[] = [];
    let start = at + 27 + count;
    let size = 0;
    for (const value of lacing) {
      size += value;
      if (value < 255) {
        packets.push(file.subarray(start, start + size));
        start += size;
        size = 0;
      }
    }
    pages.push({
      flags: file[at + 5]!,
      granule: view.getUint32(6, true) + view.getUint32(10, true) * 2 ** 32,
      sequence: view.getUint32(18, true),
      packets,
      crcOk: oggCrc(page) === stored,
    });
    at += length;
  }
  return pages;
}

describe("Ogg's CRC", () => {
  it("agrees with the reference encoder's pages", () => {
    const pages = pagesOf(reference);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.every((page) => page.crcOk)).toBe(true);
  });
});

describe("an Opus packet's length", () => {
  it("is read from its TOC byte", () => {
    expect(opusSamples(Uint8Array.of(0xf8))).toBe(960); // CELT 20 ms, one frame
    expect(opusSamples(Uint8Array.of(0xf9))).toBe(1920); // two frames
    expect(opusSamples(Uint8Array.of(0xfb, 0x03))).toBe(2880); // code 3: three frames
    expect(opusSamples(Uint8Array.of(0x18))).toBe(2880); // SILK 60 ms
    expect(opusSamples(Uint8Array.of(0x68))).toBe(960); // hybrid 20 ms
  });
});

describe("a WebM recording", () => {
  it("yields its Opus packets and header", () => {
    const opus = readWebmOpus(recording)!;
    expect(opus.channels).toBe(1);
    expect(new TextDecoder().decode(opus.head!.subarray(0, 8))).toBe("OpusHead");
    const samples = opus.packets.reduce((sum, packet) => sum + opusSamples(packet), 0);
    expect(samples / 48000).toBeCloseTo(1.5, 1);
  });

  it("becomes an Ogg Opus file holding the same packets, unchanged", () => {
    const opus = readWebmOpus(recording)!;
    const pages = pagesOf(webmToOgg(recording)!);
    expect(pages.every((page) => page.crcOk)).toBe(true);
    expect(pages.map((page) => page.sequence)).toEqual(pages.map((_, index) => index));
    expect(pages[0]!.flags).toBe(0x02);
    expect(new TextDecoder().decode(pages[0]!.packets[0]!.subarray(0, 8))).toBe("OpusHead");
    expect(new TextDecoder().decode(pages[1]!.packets[0]!.subarray(0, 8))).toBe("OpusTags");
    expect(pages.at(-1)!.flags).toBe(0x04);
    const audio = pages.slice(2).flatMap((page) => page.packets);
    expect(audio).toEqual(opus.packets);
    const samples = opus.packets.reduce((sum, packet) => sum + opusSamples(packet), 0);
    expect(pages.at(-1)!.granule).toBe(samples);
  });

  it("is refused when it is not WebM Opus", () => {
    expect(webmToOgg(reference)).toBeNull();
    expect(webmToOgg(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(webmToOgg(recording.subarray(0, 40))).toBeNull();
  });
});
