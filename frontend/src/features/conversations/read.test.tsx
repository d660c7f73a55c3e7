import { QueryClientProvider } from "@tanstack/react-query";
import { renderHook, waitFor } from "@testing-library/react";
import type { ReactNode } from "react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { testQueryClient } from "../../test/render";
import { type Conversation, conversationKey, conversationListsKey } from "./api";
import { useMarkReadWhileOpen } from "./read";

const patch = vi.hoisted(() => vi.fn());
vi.mock("../../api/client", async (original) => ({
  ...(await original<typeof import("../../api/client")>()),
  api: { PATCH: patch },
}));

const open: Conversation = {
  id: "conv",
  channel_id: "c1",
  kind: "direct",
  chat_id: "+5511999990000",
  title: "Cliente",
  status: "open",
  awaiting_choice: false,
  unread_count: 2,
  last_message_at: "2026-12-02T10:05:00Z",
  last_message_kind: "text",
  labels: [],
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-02T10:05:00Z",
};

/** The server marks it read: unread 0, changed now. */
function answersRead() {
  patch.mockImplementation(async () => ({
    data: { ...open, unread_count: 0, updated_at: "2026-12-02T10:06:00Z" },
    response: new Response(null, { status: 200 }),
  }));
}

function watch(conversation: Conversation) {
  const client = testQueryClient();
  const list = { pages: [{ items: [conversation], next_cursor: null }], pageParams: [undefined] };
  client.setQueryData([...conversationListsKey, {}], list);
  client.setQueryData(conversationKey(conversation.id), conversation);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  const hook = renderHook((shown: Conversation) => useMarkReadWhileOpen(shown), {
    wrapper,
    initialProps: conversation,
  });
  return { client, hook };
}

beforeEach(() => patch.mockReset());

describe("the open conversation", () => {
  it("is marked read, and the list stops counting its messages at once", async () => {
    answersRead();
    const { client } = watch(open);
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    expect(patch.mock.calls[0]?.[1]).toMatchObject({ params: { path: { id: "conv" } }, body: { action: "mark_read" } });
    await waitFor(() => expect(client.getQueryData<Conversation>(conversationKey("conv"))?.unread_count).toBe(0));
    const list = client.getQueryData<{ pages: { items: Conversation[] }[] }>([...conversationListsKey, {}]);
    expect(list?.pages[0]?.items[0]?.unread_count).toBe(0);
  });

  it("is marked read again when a message arrives while it is open", async () => {
    answersRead();
    const { hook } = watch(open);
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    hook.rerender({ ...open, unread_count: 0 });
    hook.rerender({ ...open, unread_count: 1, updated_at: "2026-12-02T10:07:00Z" });
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(2));
  });

  it("asks nothing when nothing is unread", async () => {
    watch({ ...open, unread_count: 0 });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(patch).not.toHaveBeenCalled();
  });
});
