import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { tookEarlyAnswers } from "../api/early";
import { ChatPage } from "../features/conversations/routes/ChatPage";
import { conversation, me } from "../features/messages/test/thread";
import { renderWithApp, testQueryClient } from "../test/render";
import { LABELS_READ, ME_READ, PLAIN_CHAT_LIST_READ } from "./firstScreenReads";
import { seedFirstScreen } from "./seedFirstScreen";

const { get } = vi.hoisted(() => ({ get: vi.fn() }));
vi.mock("../api/client", async (original) => ({
  ...(await original<typeof import("../api/client")>()),
  api: { GET: get, POST: vi.fn(), PATCH: vi.fn() },
}));

afterEach(() => {
  delete window.blocoproEarly;
  tookEarlyAnswers();
  get.mockReset();
});

describe("the first screen's early reads", () => {
  it("are in the cache before the Chat renders: it shows its list without asking for it", async () => {
    // The API never answers here: what shows came from the first-screen script.
    get.mockImplementation(() => new Promise(() => undefined));
    window.blocoproEarly = {
      token: "token",
      answers: {},
      data: {
        [ME_READ]: me,
        [LABELS_READ]: { items: [] },
        [PLAIN_CHAT_LIST_READ]: { items: [conversation], next_cursor: null },
      },
    };
    const client = testQueryClient();
    seedFirstScreen(client);
    renderWithApp(<ChatPage />, client, "/chat");
    expect(await screen.findByText(conversation.title)).toBeTruthy();
    expect(get.mock.calls.map(([path]) => path)).not.toContain("/api/v1/conversations");
    expect(window.blocoproEarly.data).toEqual({});
    // The socket's first `ready` then reads the list again.
    expect(tookEarlyAnswers()).toBe(true);
  });

  it("leave the cache empty when nothing has arrived", () => {
    window.blocoproEarly = { token: "token", answers: {}, data: {} };
    const client = testQueryClient();
    seedFirstScreen(client);
    expect(client.getQueryCache().getAll()).toEqual([]);
    expect(tookEarlyAnswers()).toBe(false);
  });
});
