import { describe, expect, it } from "vitest";

import { URL_MAX, webhookProblems, webhookRequest } from "./webhookForm";

const valid = { url: "https://erp.example.com/hooks", events: ["message.created" as const], secret: "" };

describe("webhookProblems", () => {
  it("accepts an http(s) URL with events and an optional secret", () => {
    expect(webhookProblems(valid)).toEqual({});
    expect(webhookProblems({ ...valid, url: " http://127.0.0.1:9000/in ", secret: "a-secret-long-enough" })).toEqual(
      {},
    );
  });

  it("refuses other schemes, relative URLs, credentials and very long URLs", () => {
    expect(webhookProblems({ ...valid, url: "ftp://example.com" }).url).toBe("errors.url");
    expect(webhookProblems({ ...valid, url: "example.com/hook" }).url).toBe("errors.url");
    expect(webhookProblems({ ...valid, url: "https://u:p@example.com" }).url).toBe("errors.urlCredentials");
    expect(webhookProblems({ ...valid, url: `https://example.com/${"a".repeat(URL_MAX)}` }).url).toBe("errors.urlLong");
  });

  it("needs an event and a secret of 16 to 256 characters without spaces", () => {
    expect(webhookProblems({ ...valid, events: [] }).events).toBe("errors.events");
    expect(webhookProblems({ ...valid, secret: "short" }).secret).toBe("errors.secret");
    expect(webhookProblems({ ...valid, secret: "has spaces in the middle" }).secret).toBe("errors.secret");
  });
});

describe("webhookRequest", () => {
  it("trims the URL, orders the events and leaves an empty secret out", () => {
    expect(
      webhookRequest({ url: " https://x.test/in ", events: ["presence.changed", "message.created"], secret: "" }),
    ).toEqual({ url: "https://x.test/in", events: ["message.created", "presence.changed"] });
    expect(webhookRequest({ ...valid, secret: "a-secret-long-enough" }).secret).toBe("a-secret-long-enough");
  });
});
