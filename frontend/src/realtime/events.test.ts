import { describe, expect, it } from "vitest";

import { reconnectDelay } from "./events";

describe("reconnectDelay", () => {
  it("doubles from one second up to thirty", () => {
    expect([0, 1, 2, 3, 10].map(reconnectDelay)).toEqual([1_000, 2_000, 4_000, 8_000, 30_000]);
  });
});
