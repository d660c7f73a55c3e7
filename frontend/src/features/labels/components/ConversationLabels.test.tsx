// Setting a conversation's labels from its thread, as an attendant does.
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { meKey } from "../../../app/me";
import { meWith } from "../../../test/me";
import { renderWithApp, testQueryClient } from "../../../test/render";
import { channelOptionsKey } from "../../channels/api";
import { type Conversation, conversationKey, messagesKey } from "../../conversations/api";
import { Thread } from "../../conversations/components/Thread";
import type { LabelTag } from "../api";

const { get, put } = vi.hoisted(() => ({ get: vi.fn(), put: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: vi.fn(), PATCH: vi.fn(), PUT: put },
}));

const vip: LabelTag = { id: "l1", name: "VIP", colour: "blue" };
const boleto: LabelTag = { id: "l2", name: "Boleto", colour: "#ff8800" };

const conversation: Conversation = {
  id: "conv",
  channel_id: "c1",
  kind: "direct",
  chat_id: "+5511999990000",
  title: "Maria",
  status: "open",
  awaiting_choice: false,
  unread_count: 0,
  last_message_at: "2026-12-02T10:05:00Z",
  last_message_kind: "text",
  labels: [vip],
  created_at: "2026-12-01T00:00:00Z",
  updated_at: "2026-12-02T10:05:00Z",
};

const ok = (data: unknown) => ({ data, response: new Response(null, { status: 200 }) });

function showThread() {
  const asLabel = (tag: LabelTag) => ({
    ...tag,
    created_at: "2026-12-01T00:00:00Z",
    updated_at: "2026-12-01T00:00:00Z",
  });
  get.mockImplementation(async (path: string) =>
    ok(
      {
        "/api/v1/labels": { items: [asLabel(boleto), asLabel(vip)] },
        "/api/v1/conversations/{id}": conversation,
      }[path],
    ),
  );
  const client = testQueryClient();
  client.setQueryData(meKey, meWith(["messages.send"]));
  client.setQueryData(conversationKey(conversation.id), conversation);
  client.setQueryData(channelOptionsKey, [{ id: "c1", kind: "simulator", phone_number: "+5511900000000" }]);
  client.setQueryData(messagesKey(conversation.id), { items: [], next_cursor: null });
  renderWithApp(<Thread id={conversation.id} />, client);
  return client;
}

beforeEach(() => {
  get.mockReset();
  put.mockReset();
});

describe("a conversation's labels in its thread", () => {
  it("show as chips, and the company's labels are read only once the control opens", () => {
    showThread();
    expect(screen.getByText("VIP")).toBeTruthy();
    expect(get).not.toHaveBeenCalledWith("/api/v1/labels");
  });

  it("are replaced as a set when one is picked, and the answer shows at once", async () => {
    put.mockImplementation(async () =>
      ok({ ...conversation, labels: [boleto, vip], updated_at: "2026-12-02T10:06:00Z" }),
    );
    const client = showThread();
    fireEvent.click(screen.getByRole("button", { name: "Etiquetas" }));
    // jsdom lays nothing out: the placed dropdowns are hidden from it, hence `hidden` below.
    const labelled = await screen.findAllByLabelText("Etiquetas da conversa");
    const picker = labelled.find((element) => element.tagName === "INPUT")!;
    await waitFor(() => expect(get).toHaveBeenCalledWith("/api/v1/labels"));
    await waitFor(() => expect((picker as HTMLInputElement).disabled).toBe(false));
    fireEvent.click(picker);
    const listbox = await screen.findByRole("listbox", { hidden: true });
    fireEvent.click(within(listbox).getByRole("option", { name: "Boleto", hidden: true }));
    await waitFor(() => expect(put).toHaveBeenCalledTimes(1));
    expect(put.mock.calls[0]).toEqual([
      "/api/v1/conversations/{id}/labels",
      { params: { path: { id: "conv" } }, body: { label_ids: ["l1", "l2"] } },
    ]);
    await waitFor(() =>
      expect(client.getQueryData<Conversation>(conversationKey("conv"))?.labels.map((label) => label.name)).toEqual([
        "Boleto",
        "VIP",
      ]),
    );
  });
});
