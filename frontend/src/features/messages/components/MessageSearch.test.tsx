// Chat's message search: results show the conversation, the time in the company's zone and the snippet with its
// matches marked (as text, never markup), and choosing one opens it.
import { fireEvent, screen, within } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { meKey } from "../../../app/me";
import type { Me } from "../../../app/permissions";
import { renderWithApp, testQueryClient } from "../../../test/render";
import type { FoundMessage } from "../api";
import { MessageSearchResults } from "./MessageSearch";

const { get } = vi.hoisted(() => ({ get: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: vi.fn(), PATCH: vi.fn() },
}));

const me = {
  user: { id: "u1", name: "Bia", permissions: [] },
  permissions: [],
  company: { timezone: "America/Sao_Paulo" },
};

const found: FoundMessage = {
  message_id: "m1",
  conversation_id: "conv1",
  conversation_kind: "direct",
  title: "Maria Souza",
  channel_id: "c1",
  sender: "+5511988887777",
  direction: "inbound",
  kind: "text",
  sent_at: "2026-12-02T13:05:00Z",
  snippet: [
    { text: "Olá ", highlighted: false },
    { text: "João", highlighted: true },
    { text: ", <b>a ação</b> saiu", highlighted: false },
  ],
};

function showResults(items: FoundMessage[], onOpen = vi.fn()) {
  get.mockResolvedValue({ data: { items, next_cursor: null }, response: new Response(null, { status: 200 }) });
  const client = testQueryClient();
  client.setQueryData(meKey, me as unknown as Me);
  renderWithApp(<MessageSearchResults query="joao" onOpen={onOpen} />, client);
  return onOpen;
}

describe("message search results", () => {
  beforeEach(() => get.mockReset());

  it("asks the server for the typed query", async () => {
    showResults([found]);
    await screen.findByText("Maria Souza");
    expect(get).toHaveBeenCalledWith("/api/v1/messages/search", {
      params: { query: { q: "joao", cursor: undefined, limit: 20 } },
    });
  });

  it("shows the conversation, the company's time and the snippet with its match marked", async () => {
    showResults([found]);
    await screen.findByText("Maria Souza");
    const result = screen.getByRole("listitem");
    within(result).getByText("Maria Souza");
    // 13:05 UTC is 10:05 in São Paulo.
    within(result).getByText(/02\/12\/2026.*10:05/);
    expect(within(result).getByText("João").tagName).toBe("MARK");
    // Markup in a message is text.
    within(result).getByText(", <b>a ação</b> saiu");
    expect(result.querySelector("b")).toBeNull();
  });

  it("opens the conversation at the message chosen", async () => {
    const onOpen = showResults([found]);
    fireEvent.click(await screen.findByText("Maria Souza"));
    expect(onOpen).toHaveBeenCalledWith(found);
  });

  it("says when nothing was found", async () => {
    showResults([]);
    await screen.findByText("Nenhuma mensagem encontrada.");
  });
});
