// Replies, reactions and the composer inside a conversation, as the attendant uses them.
import { act, createEvent, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { applyEvent } from "../../../realtime/dispatch";
import type { Conversation } from "../../conversations/api";
import { type Message, mediaKey } from "../api";
import { CUSTOMER, OWN_NUMBER, media, message } from "../test/fixtures";
import { conversation, renderThread, simulatorChannel } from "../test/thread";

const { get, post } = vi.hoisted(() => ({ get: vi.fn(), post: vi.fn() }));
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: post, PATCH: vi.fn() },
}));

/** What the server answers when a change makes the thread read again. */
function serverHolds(messages: Message[]) {
  const answers: Record<string, unknown> = {
    "/api/v1/conversations/{id}": conversation,
    "/api/v1/conversations/{id}/messages": { items: [...messages].reverse(), next_cursor: null },
    "/api/v1/channels": { items: [simulatorChannel], next_cursor: null },
  };
  get.mockImplementation(async (path: string) => ({
    data: answers[path] ?? new Blob(["x"]),
    response: new Response(null, { status: 200 }),
  }));
}

function showThread(messages: Message[], shown: Conversation = conversation) {
  serverHolds(messages);
  return renderThread(messages, shown);
}

/** An XMLHttpRequest that the test answers by hand. */
class FakeUpload {
  static last: FakeUpload | null = null;
  upload: { onprogress?: (event: { lengthComputable: boolean; loaded: number; total: number }) => void } = {};
  onload?: () => void;
  onabort?: () => void;
  onerror?: () => void;
  status = 0;
  responseText = "";
  url = "";
  body: FormData | null = null;
  aborted = false;
  open(_method: string, url: string) {
    this.url = url;
  }
  setRequestHeader() {}
  send(body: FormData) {
    this.body = body;
    FakeUpload.last = this;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

beforeEach(() => {
  post.mockReset();
  post.mockImplementation(async () => ({ data: {}, response: new Response(null, { status: 201 }) }));
  FakeUpload.last = null;
  vi.stubGlobal("XMLHttpRequest", FakeUpload);
  URL.createObjectURL = vi.fn(() => "blob:preview");
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => vi.unstubAllGlobals());

const photo = message("m1", { kind: "image", text: "Comprovante", media: media("f1", { width: 400, height: 300 }) });

describe("a reply", () => {
  it("quotes the message in the bubble; clicking the quote scrolls to it", () => {
    const answer = message("m2", {
      direction: "outbound",
      sender: OWN_NUMBER,
      status: "delivered",
      text: "Recebido, obrigado!",
      reply_to: { external_id: "wamid.m1", message_id: "m1", sender: CUSTOMER, kind: "image", snippet: "Comprovante" },
    });
    showThread([photo, answer]);
    const quote = screen.getByTestId("reply-quote");
    expect(within(quote).getByText("Em resposta a Maria")).toBeTruthy();
    expect(within(quote).getByText("📷 Foto · Comprovante")).toBeTruthy();
    const quoted = document.getElementById("message-m1")!;
    const scroll = vi.spyOn(quoted, "scrollIntoView");
    fireEvent.click(within(quote).getByRole("button", { name: /Em resposta a Maria/ }));
    expect(scroll).toHaveBeenCalledWith({ block: "center", behavior: "smooth" });
  });

  it("says when the quoted message is not loaded", () => {
    const answer = message("m2", {
      text: "E esse?",
      reply_to: { external_id: "wamid.old", sender: OWN_NUMBER, snippet: "Pedido 1234" },
    });
    showThread([answer]);
    const quote = screen.getByTestId("reply-quote");
    expect(within(quote).getByText("Em resposta a Você")).toBeTruthy();
    expect(within(quote).queryByRole("button")).toBeNull();
    expect(within(quote).getByTitle("A mensagem citada não está entre as carregadas.")).toBeTruthy();
  });

  it("is chosen with Responder, quoted above the composer and sent with the text", async () => {
    showThread([photo]);
    fireEvent.click(screen.getByRole("button", { name: "Ações da mensagem" }));
    fireEvent.click(await screen.findByRole("menuitem", { name: "Responder" }));
    expect(screen.getByRole("status", { name: "Respondendo a Maria" })).toBeTruthy();
    fireEvent.change(screen.getByRole("textbox", { name: "Escreva uma mensagem" }), { target: { value: "Obrigada!" } });
    fireEvent.click(screen.getByRole("button", { name: "Enviar" }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]?.[0]).toBe("/api/v1/conversations/{id}/messages");
    expect(post.mock.calls[0]?.[1].body).toEqual({ text: "Obrigada!", reply_to_message_id: "m1" });
    await waitFor(() => expect(screen.queryByRole("status", { name: "Respondendo a Maria" })).toBeNull());
  });

  it("is dropped with ✕", async () => {
    showThread([photo]);
    fireEvent.click(screen.getByRole("button", { name: "Ações da mensagem" }));
    fireEvent.click(await screen.findByRole("menuitem", { name: "Responder" }));
    fireEvent.click(screen.getByRole("button", { name: "Não responder" }));
    expect(screen.queryByRole("status", { name: "Respondendo a Maria" })).toBeNull();
  });
});

describe("a file that arrives after its message", () => {
  it("shows once its message.updated event says it is stored", async () => {
    const pending = message("m1", { kind: "image", media: media("f1", { state: "pending", width: 400, height: 300 }) });
    const client = showThread([pending]);
    expect(screen.getByText("Recebendo o arquivo…")).toBeTruthy();
    act(() => {
      applyEvent(client, {
        type: "message.updated",
        cursor: 7,
        data: { ...pending, media: { ...pending.media!, state: "stored" }, conversation_id: conversation.id },
      });
    });
    expect(await screen.findByRole("img", { name: "Foto" })).toBeTruthy();
    expect(get).toHaveBeenCalledWith("/api/v1/media/{id}", expect.objectContaining({ params: { path: { id: "f1" } } }));
  });
});

describe("a group's messages", () => {
  it("show the participant's name when the company knows it, else the number", () => {
    const group: Conversation = {
      ...conversation,
      kind: "group",
      chat_id: "1203@g.us",
      group_id: "g1",
      title: "Equipe",
    };
    showThread(
      [
        message("m1", { chat_id: "1203@g.us", sender: "+5511955554444", text: "Bom dia" }),
        message("m2", { chat_id: "1203@g.us", sender: "+5511933332222", text: "Oi" }),
      ],
      group,
    );
    expect(screen.getByText("Joana Dias")).toBeTruthy();
    expect(screen.getByText("+5511933332222")).toBeTruthy();
  });
});

describe("reactions", () => {
  const reacted = message("m1", {
    text: "Chegou!",
    reactions: [
      { emoji: "👍", senders: [OWN_NUMBER, "+5511977776666"] },
      { emoji: "❤️", senders: [CUSTOMER] },
    ],
  });

  it("show as chips with counts; one's own chip takes the reaction back", async () => {
    showThread([reacted]);
    const mine = screen.getByRole("button", { name: /👍 2: Você, \+5511977776666/ });
    expect(mine.getAttribute("aria-pressed")).toBe("true");
    const theirs = screen.getByRole("button", { name: /❤️ 1: Maria/ });
    expect(theirs.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(mine);
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]?.[0]).toBe("/api/v1/conversations/{id}/messages/{message_id}/reactions");
    expect(post.mock.calls[0]?.[1]).toMatchObject({
      params: { path: { id: "conv", message_id: "m1" } },
      body: { emoji: "" },
    });
    fireEvent.click(theirs);
    await waitFor(() => expect(post).toHaveBeenCalledTimes(2));
    expect(post.mock.calls[1]?.[1].body).toEqual({ emoji: "❤️" });
  });

  it("are added from the message's picker", async () => {
    showThread([message("m1", { text: "Oi" })]);
    fireEvent.click(screen.getByRole("button", { name: "Ações da mensagem" }));
    fireEvent.click(await screen.findByRole("button", { name: "Reagir com 🙏" }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]?.[1].body).toEqual({ emoji: "🙏" });
  });
});

const file = (name: string, type: string, size: number) => {
  const made = new File(["x"], name, { type });
  Object.defineProperty(made, "size", { value: size });
  return made;
};

function attach(chosen: File) {
  const input = document.querySelector<HTMLInputElement>("input[type=file]")!;
  fireEvent.change(input, { target: { files: [chosen] } });
}

describe("the composer", () => {
  it("refuses a file over WhatsApp's limit before uploading, in words", () => {
    showThread([]);
    attach(file("foto-grande.jpg", "image/jpeg", 6 * 1024 * 1024));
    expect(screen.getByRole("alert").textContent).toBe(
      "“foto-grande.jpg” tem 6 MB: o WhatsApp aceita fotos de até 5 MB.",
    );
    expect(screen.getByRole("button", { name: "Enviar" }).hasAttribute("disabled")).toBe(true);
    // As a document it may go (100 MB).
    fireEvent.click(screen.getByRole("checkbox", { name: "Enviar como documento (sem compressão)" }));
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.getByRole("button", { name: "Enviar" }).hasAttribute("disabled")).toBe(false);
  });

  it("previews the file, uploads it with progress and sends it with its caption", async () => {
    const client = showThread([]);
    attach(file("boleto.pdf", "application/pdf", 240 * 1024));
    const preview = screen.getByTestId("attachment-preview");
    expect(within(preview).getByText("boleto.pdf")).toBeTruthy();
    expect(within(preview).getByText("📄 Documento · 240 KB")).toBeTruthy();
    fireEvent.change(screen.getByRole("textbox", { name: "Legenda (opcional)" }), { target: { value: "Seu boleto" } });
    fireEvent.click(screen.getByRole("button", { name: "Enviar" }));
    await waitFor(() => expect(FakeUpload.last).not.toBeNull());
    const upload = FakeUpload.last!;
    expect(upload.url).toBe("/api/v1/media?kind=document");
    expect((upload.body?.get("file") as File).name).toBe("boleto.pdf");
    act(() => upload.upload.onprogress?.({ lengthComputable: true, loaded: 42, total: 100 }));
    expect(screen.getByText("Enviando o arquivo: 42%")).toBeTruthy();
    act(() => upload.answer(201, { id: "media-1", kind: "document", state: "stored" }));
    await waitFor(() => expect(post).toHaveBeenCalledTimes(1));
    expect(post.mock.calls[0]?.[1].body).toEqual({ media_id: "media-1", text: "Seu boleto" });
    // The thread will show the sent file from the bytes at hand.
    expect(client.getQueryData(mediaKey("media-1"))).toBe("blob:preview");
    await waitFor(() => expect(screen.queryByTestId("attachment-preview")).toBeNull());
  });

  it("cancels an upload under way and sends nothing", async () => {
    showThread([]);
    attach(file("foto.jpg", "image/jpeg", 1024));
    fireEvent.click(screen.getByRole("button", { name: "Enviar" }));
    await waitFor(() => expect(FakeUpload.last).not.toBeNull());
    fireEvent.click(screen.getByRole("button", { name: "Cancelar" }));
    expect(FakeUpload.last!.aborted).toBe(true);
    expect(screen.queryByTestId("attachment-preview")).toBeNull();
    expect(post).not.toHaveBeenCalled();
  });

  it("attaches a picture pasted from the clipboard, as a photo", () => {
    showThread([]);
    const pasted = file("image.png", "image/png", 2048);
    fireEvent.paste(screen.getByRole("textbox", { name: "Escreva uma mensagem" }), {
      clipboardData: { files: [pasted] },
    });
    expect(within(screen.getByTestId("attachment-preview")).getByText("📷 Foto · 2 KB")).toBeTruthy();
  });

  it("shows where to drop a file dragged over the conversation, until it leaves", () => {
    showThread([]);
    const target = screen.getByRole("textbox", { name: "Escreva uma mensagem" });
    fireEvent.dragOver(target, { dataTransfer: { files: [], types: ["Files"] } });
    const hint = screen.getByText("Solte o arquivo aqui para anexar");
    // jsdom has no DragEvent to carry `relatedTarget`: set on the event by hand.
    const leave = (towards: Element) => {
      const event = createEvent.dragLeave(hint);
      Object.defineProperty(event, "relatedTarget", { value: towards });
      fireEvent(hint, event);
    };
    leave(target);
    expect(screen.getByText("Solte o arquivo aqui para anexar")).toBeTruthy();
    leave(document.body);
    expect(screen.queryByText("Solte o arquivo aqui para anexar")).toBeNull();
  });

  it("takes one file at a time", async () => {
    showThread([]);
    const files = [file("a.pdf", "application/pdf", 10), file("b.pdf", "application/pdf", 10)];
    fireEvent.drop(screen.getByRole("textbox", { name: "Escreva uma mensagem" }), {
      dataTransfer: { files, types: ["Files"] },
    });
    expect(await screen.findByText("Anexe um arquivo por vez.")).toBeTruthy();
    expect(screen.queryByTestId("attachment-preview")).toBeNull();
  });

  it("attaches a file dropped on the conversation", () => {
    showThread([]);
    const dropped = file("nota.pdf", "application/pdf", 2048);
    const target = screen.getByRole("textbox", { name: "Escreva uma mensagem" });
    fireEvent.dragOver(target, { dataTransfer: { files: [], types: ["Files"] } });
    expect(screen.getByText("Solte o arquivo aqui para anexar")).toBeTruthy();
    fireEvent.drop(target, { dataTransfer: { files: [dropped], types: ["Files"] } });
    expect(screen.queryByText("Solte o arquivo aqui para anexar")).toBeNull();
    expect(within(screen.getByTestId("attachment-preview")).getByText("nota.pdf")).toBeTruthy();
  });

  it("shows the server's reason when it refuses the upload", async () => {
    showThread([]);
    attach(file("foto.jpg", "image/jpeg", 1024));
    fireEvent.click(screen.getByRole("button", { name: "Enviar" }));
    await waitFor(() => expect(FakeUpload.last).not.toBeNull());
    act(() =>
      FakeUpload.last!.answer(415, { code: "media_type_mismatch", title: "x", status: 415, detail: "", type: "x" }),
    );
    expect(await screen.findByText("O conteúdo do arquivo não corresponde ao tipo dele.")).toBeTruthy();
    expect(post).not.toHaveBeenCalled();
    // The file stays, to send as something else or to remove.
    expect(screen.getByTestId("attachment-preview")).toBeTruthy();
  });
});
