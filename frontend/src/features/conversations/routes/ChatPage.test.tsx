// Chat opened at a message search result (`?c=<conversation>&m=<message>`): the thread shows the messages around
// that one; what the attendant then sends must show, so sending goes to the latest messages, the composer kept.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { meKey } from "../../../app/me";
import { renderWithApp, testQueryClient } from "../../../test/render";
import { channelOptionsKey } from "../../channels/api";
import type { Message } from "../../messages/api";
import { message } from "../../messages/test/fixtures";
import { conversation, me, simulatorChannel } from "../../messages/test/thread";
import { ChatPage } from "./ChatPage";

const { get, post, patch } = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn(), patch: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: post, PATCH: patch },
}));

/** What is typed is text of the box: the message is looked for in the thread. */
const IN_BOX = "textarea, script, style";

/** The thread loads lazily, then fetches: more than the default second on a busy machine. */
const SLOW = { timeout: 10_000 };

const ok = (data: unknown, status = 200) => ({ data, response: new Response(null, { status }) });

/** The conversation's history on the server: an old message (the search result) far behind the newest ones. */
let history: Message[];

function openAtSearchResult() {
  history = [
    message("found", { text: "Pedido 1234 de março", sent_at: "2026-03-02T10:00:00Z" }),
    message("latest", { text: "Bom dia", sent_at: "2026-12-02T10:00:00Z" }),
  ];
  get.mockImplementation(async (path: string, init?: { params?: { query?: { around?: string } } }) => {
    switch (path) {
      case "/api/v1/conversations/{id}":
        return ok(conversation);
      case "/api/v1/conversations/{id}/messages": {
        // Around the result: that message alone (the newest are far after it); else the newest, newest first.
        const around = init?.params?.query?.around;
        const items = around ? history.filter((each) => each.id === around) : [...history].reverse();
        return ok({ items, next_cursor: null });
      }
      default:
        return ok({ items: [], next_cursor: null });
    }
  });
  const client = testQueryClient();
  client.setQueryData(meKey, me);
  client.setQueryData(channelOptionsKey, [simulatorChannel]);
  renderWithApp(<ChatPage />, client, `/chat?c=${conversation.id}&m=found`);
}

/** The server stores what is sent and answers it. */
function serverTakes(kind: "text" | "note") {
  post.mockImplementation(async (_path: string, init: { body: { text?: string } }) => {
    const sent = message(`sent-${history.length}`, {
      kind,
      direction: "outbound",
      status: "sent",
      sender: kind === "note" ? "Bia" : "+5511000000000",
      text: init.body.text ?? "",
      sent_at: "2026-12-02T11:00:00Z",
    });
    history = [...history, sent];
    return ok(sent, 201);
  });
}

beforeEach(() => {
  get.mockReset();
  post.mockReset();
  patch.mockReset();
  patch.mockImplementation(async () => ok(conversation));
});

describe("a conversation opened at a search result", () => {
  it("shows the message found, not the latest ones", async () => {
    openAtSearchResult();
    await screen.findByText("Pedido 1234 de março", {}, SLOW);
    expect(screen.queryByText("Bom dia")).toBeNull();
  });

  it("goes to the latest messages when the attendant sends one, so that it shows", async () => {
    openAtSearchResult();
    serverTakes("text");
    await screen.findByText("Pedido 1234 de março", {}, SLOW);
    const box = screen.getByRole("textbox", { name: "Escreva uma mensagem" });
    fireEvent.change(box, { target: { value: "Segue o comprovante" } });
    fireEvent.click(screen.getByRole("button", { name: "Enviar" }));
    await screen.findByText("Segue o comprovante", { ignore: IN_BOX }, SLOW);
    screen.getByText("Bom dia");
    // The latest messages: no more "around the message found".
    expect(screen.queryByRole("button", { name: "Ir para as mensagens recentes" })).toBeNull();
  });

  it("keeps the composer as it was (a note stays a note) when a note takes it to the latest messages", async () => {
    openAtSearchResult();
    serverTakes("note");
    await screen.findByText("Pedido 1234 de março", {}, SLOW);
    fireEvent.click(screen.getByRole("radio", { name: "Nota interna" }));
    const box = screen.getByRole("textbox", { name: "Nota interna: só a equipe vê, o cliente não recebe" });
    fireEvent.change(box, { target: { value: "Cliente já pagou" } });
    fireEvent.click(screen.getByRole("button", { name: "Adicionar nota" }));
    await screen.findByText("Cliente já pagou", { ignore: IN_BOX }, SLOW);
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(""), SLOW);
    expect(box.isConnected).toBe(true);
    expect(screen.getByRole("radio", { name: "Nota interna" })).toHaveProperty("checked", true);
  });
});
