// Voice notes from browsers that record WebM only (Chrome, Edge): WhatsApp takes voice notes as Opus in an Ogg
// file, and a WebM recording already holds Opus packets. This moves them, unchanged, from the WebM (Matroska)
// container into an Ogg one (RFC 7845), so that every browser sends a real voice note; nothing is re-encoded.

const ID = {
  segment: 0x18538067,
  info: 0x1549a966,
  tracks: 0x1654ae6b,
  trackEntry: 0xae,
  audio: 0xe1,
  cluster: 0x1f43b675,
  blockGroup: 0xa0,
  codecId: 0x86,
  codecPrivate: 0x63a2,
  trackNumber: 0xd7,
  channels: 0x9f,
  simpleBlock: 0xa3,
  block: 0xa1,
};
/** Elements whose children are read in line (their size may be "unknown" in a live recording). */
const MASTERS = new Set([ID.segment, ID.info, ID.tracks, ID.trackEntry, ID.audio, ID.cluster, ID.blockGroup]);

/** A variable-length integer at `at`: its value (the length marker kept for ids) and its length in bytes. */
function vint(bytes: Uint8Array, at: number, keepMarker: boolean): { value: number; length: number; unknown: boolean } {
  const first = bytes[at];
  if (first === undefined || first === 0) throw new Error("bad EBML");
  const length = Math.clz32(first) - 23;
  let value = keepMarker ? first : first & (0xff >> length);
  let allOnes = value === 0xff >> length;
  for (let index = 1; index < length; index++) {
    const byte = bytes[at + index];
    if (byte === undefined) throw new Error("truncated EBML");
    value = value * 256 + byte;
    allOnes &&= byte === 0xff;
  }
  return { value, length, unknown: !keepMarker && allOnes };
}

interface WebmOpus {
  head: Uint8Array | null;
  channels: number;
  packets: Uint8Array[];
}

/** The Opus packets of a WebM recording's first track, in order, with the track's OpusHead when it has one. */
export function readWebmOpus(bytes: Uint8Array): WebmOpus | null {
  const found: WebmOpus = { head: null, channels: 1, packets: [] };
  let entryNumber = 0;
  let opusTrack: number | null = null;
  let at = 0;
  try {
    while (at < bytes.length) {
      const id = vint(bytes, at, true);
      const size = vint(bytes, at + id.length, false);
      const start = at + id.length + size.length;
      if (MASTERS.has(id.value)) {
        at = start;
        continue;
      }
      if (size.unknown) return null;
      const data = bytes.subarray(start, start + size.value);
      if (id.value === ID.trackNumber) entryNumber = data.reduce((value, byte) => value * 256 + byte, 0);
      else if (id.value === ID.codecId && new TextDecoder().decode(data) === "A_OPUS") opusTrack = entryNumber;
      else if (id.value === ID.codecPrivate) found.head = data;
      else if (id.value === ID.channels) found.channels = data[0] ?? 1;
      else if (id.value === ID.simpleBlock || id.value === ID.block) {
        const track = vint(data, 0, false);
        const flags = data[track.length + 2] ?? 0;
        if (flags & 0x06) return null; // laced frames: never written for Opus by browsers
        if (track.value === opusTrack) found.packets.push(data.subarray(track.length + 3));
      }
      at = start + size.value;
    }
  } catch {
    // A recording cut short ends at its last whole block.
  }
  if (opusTrack === null || found.packets.length === 0) return null;
  return found;
}

/** Samples (at 48 kHz) in an Opus packet, from its TOC byte (RFC 6716 §3.1). */
export function opusSamples(packet: Uint8Array): number {
  const toc = packet[0] ?? 0;
  const config = toc >> 3;
  const frame =
    config < 12
      ? [480, 960, 1920, 2880][config % 4]!
      : config < 16
        ? [480, 960][config % 2]!
        : [120, 240, 480, 960][config % 4]!;
  const code = toc & 3;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return frame * frames;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, index) => {
  let crc = index << 24;
  for (let bit = 0; bit < 8; bit++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  return crc >>> 0;
});

/** Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected, no final xor). */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc;
}

function oggPage(packets: Uint8Array[], granule: number, sequence: number, flags: number): Uint8Array<ArrayBuffer> {
  const lacing = packets.flatMap((packet) => [
    ...Array(Math.floor(packet.length / 255)).fill(255),
    packet.length % 255,
  ]);
  const body = packets.reduce((sum, packet) => sum + packet.length, 0);
  const page = new Uint8Array(27 + lacing.length + body);
  const view = new DataView(page.buffer);
  page.set([0x4f, 0x67, 0x67, 0x53, 0, flags]); // "OggS", version 0
  view.setUint32(6, granule % 2 ** 32, true);
  view.setUint32(10, Math.floor(granule / 2 ** 32), true);
  view.setUint32(14, 0x426c6f63, true); // stream serial number: "Bloc"
  view.setUint32(18, sequence, true);
  page[26] = lacing.length;
  page.set(lacing, 27);
  let at = 27 + lacing.length;
  for (const packet of packets) {
    page.set(packet, at);
    at += packet.length;
  }
  view.setUint32(22, oggCrc(page), true);
  return page;
}

function opusHead(channels: number): Uint8Array {
  const head = new Uint8Array(19);
  const view = new DataView(head.buffer);
  head.set(new TextEncoder().encode("OpusHead"));
  head[8] = 1;
  head[9] = channels;
  view.setUint16(10, 312, true); // pre-skip: the encoder's usual look-ahead
  view.setUint32(12, 48000, true);
  return head;
}

function opusTags(): Uint8Array {
  const vendor = new TextEncoder().encode("BlocoPro");
  const tags = new Uint8Array(8 + 4 + vendor.length + 4);
  tags.set(new TextEncoder().encode("OpusTags"));
  new DataView(tags.buffer).setUint32(8, vendor.length, true);
  tags.set(vendor, 12);
  return tags;
}

/** About a second of audio per page. */
const PACKETS_PER_PAGE = 50;

/** Lacing values a packet takes in a page's segment table (a page holds at most 255). */
const lacingValues = (packet: Uint8Array) => Math.floor(packet.length / 255) + 1;

/** The packets split into pages: up to PACKETS_PER_PAGE each, within 255 lacing values. */
function intoPages(packets: Uint8Array[]): Uint8Array[][] {
  const pages: Uint8Array[][] = [];
  let page: Uint8Array[] = [];
  let values = 0;
  for (const packet of packets) {
    if (page.length === PACKETS_PER_PAGE || values + lacingValues(packet) > 255) {
      pages.push(page);
      page = [];
      values = 0;
    }
    page.push(packet);
    values += lacingValues(packet);
  }
  if (page.length > 0) pages.push(page);
  return pages;
}

/** The Ogg Opus file holding `opus`'s packets. */
export function writeOggOpus(opus: WebmOpus): Uint8Array<ArrayBuffer> {
  const head =
    opus.head && new TextDecoder().decode(opus.head.subarray(0, 8)) === "OpusHead"
      ? opus.head
      : opusHead(opus.channels);
  const pages = [oggPage([head], 0, 0, 0x02), oggPage([opusTags()], 0, 1, 0)];
  let granule = 0;
  const audio = intoPages(opus.packets);
  audio.forEach((packets, index) => {
    granule += packets.reduce((sum, packet) => sum + opusSamples(packet), 0);
    pages.push(oggPage(packets, granule, pages.length, index === audio.length - 1 ? 0x04 : 0));
  });
  const file = new Uint8Array(pages.reduce((sum, page) => sum + page.length, 0));
  pages.reduce((at, page) => (file.set(page, at), at + page.length), 0);
  return file;
}

/** A WebM Opus recording as an Ogg Opus file, or null when it is not one this can read. */
export function webmToOgg(webm: Uint8Array): Uint8Array<ArrayBuffer> | null {
  const opus = readWebmOpus(webm);
  return opus && writeOggOpus(opus);
}
