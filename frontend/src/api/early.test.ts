import { afterEach, describe, expect, it, vi } from "vitest";

import { EARLY_FOR_MS, earlyAnswer, tookEarlyAnswers } from "./early";

const ME = "/api/v1/me";

function request(path: string, token = "token", method = "GET") {
  return new Request(new URL(path, window.location.origin), {
    method,
    headers: { Authorization: `Bearer ${token}` },
  });
}

function asked(answers: Record<string, Promise<Response>>) {
  window.blocoproEarly = { token: "token", answers };
}

afterEach(() => {
  delete window.blocoproEarly;
  tookEarlyAnswers();
  vi.unstubAllGlobals();
});

describe("earlyAnswer", () => {
  it("hands the script's answer to the same GET with the same token, once", async () => {
    asked({ [ME]: Promise.resolve(new Response('{"early":true}')) });
    expect(earlyAnswer(request("/api/v1/labels"), 100)).toBeNull();
    expect(earlyAnswer(request(ME, "another"), 100)).toBeNull();
    expect(earlyAnswer(request(ME, "token", "POST"), 100)).toBeNull();
    expect(tookEarlyAnswers()).toBe(false);
    const answer = earlyAnswer(request(ME), 100);
    expect(await (await answer!).json()).toEqual({ early: true });
    expect(tookEarlyAnswers()).toBe(true);
    expect(tookEarlyAnswers()).toBe(false);
    expect(earlyAnswer(request(ME), 100)).toBeNull();
  });

  it("is for the first screen only", () => {
    asked({ [ME]: Promise.resolve(new Response("{}")) });
    expect(earlyAnswer(request(ME), EARLY_FOR_MS + 1)).toBeNull();
  });

  it("asks again when the early request failed", async () => {
    asked({ [ME]: Promise.reject(new TypeError("offline")) });
    const fetch = vi.fn(() => Promise.resolve(new Response('{"again":true}')));
    vi.stubGlobal("fetch", fetch);
    const answer = earlyAnswer(request(ME), 100);
    expect(await (await answer!).json()).toEqual({ again: true });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("answers nothing when the script asked nothing", () => {
    expect(earlyAnswer(request(ME), 100)).toBeNull();
  });
});
