import { describe, expect, it } from "vitest";

import { reconnectDelay, staleAreas } from "./events";

const event = (type: string, data: Record<string, unknown> = {}) => ({ cursor: 1, type, data });

describe("staleAreas", () => {
  it("refreshes Chat for message and conversation events", () => {
    expect(staleAreas(event("message.created"))).toEqual(["conversations"]);
    expect(staleAreas(event("conversation.updated"))).toContain("conversations");
  });

  it("refreshes channels, groups and people for theirs", () => {
    expect(staleAreas(event("channel.qr"))).toEqual(["channels"]);
    expect(staleAreas(event("group_import.progress"))).toEqual(["groups"]);
    expect(staleAreas(event("presence.changed"))).toEqual(["users", "me"]);
  });

  it("refreshes the company and who I am when the company's name or time zone changes", () => {
    expect(staleAreas(event("company.updated"))).toEqual(["company", "me"]);
  });

  it("refreshes everything only when the server asks to start afresh", () => {
    expect(staleAreas(event("ready", { resync: false }))).toEqual([]);
    const all = staleAreas(event("ready", { resync: true }));
    expect(all).toEqual(expect.arrayContaining(["conversations", "channels", "groups", "users", "contacts", "me"]));
  });

  it("ignores events it does not know", () => {
    expect(staleAreas(event("something.new"))).toEqual([]);
  });
});

describe("reconnectDelay", () => {
  it("doubles from one second up to thirty", () => {
    expect([0, 1, 2, 3, 10].map(reconnectDelay)).toEqual([1_000, 2_000, 4_000, 8_000, 30_000]);
  });
});
