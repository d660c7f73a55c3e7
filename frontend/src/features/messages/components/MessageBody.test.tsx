import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { renderWithApp } from "../../../test/render";
import { media, message } from "../test/fixtures";
import { MessageBody } from "./MessageBody";

const get = vi.hoisted(() => vi.fn());
vi.mock("../../../api/client", async (original) => ({
  ...(await original<typeof import("../../../api/client")>()),
  api: { GET: get, POST: vi.fn() },
}));

beforeEach(() => {
  get.mockReset();
  get.mockImplementation(async () => ({ data: new Blob(["bytes"]), response: new Response(null, { status: 200 }) }));
  URL.createObjectURL = vi.fn((blob: Blob) => `blob:${blob.size}`);
  URL.revokeObjectURL = vi.fn();
});

describe("a photo", () => {
  it("reserves its proportions, loads its bytes with the session and opens at full size", async () => {
    const photo = message("m1", {
      kind: "image",
      text: "Comprovante",
      media: media("f1", { width: 1040, height: 780 }),
    });
    renderWithApp(<MessageBody message={photo} />);
    const box = screen.getByTestId("media-f1");
    expect(box.style.width).toBe("260px");
    expect(box.style.height).toBe("195px");
    const thumbnail = await screen.findByRole("img", { name: "Foto: Comprovante" });
    expect(thumbnail.getAttribute("src")).toBe("blob:5");
    expect(get.mock.calls[0]?.[0]).toBe("/api/v1/media/{id}");
    expect(get.mock.calls[0]?.[1]).toMatchObject({ params: { path: { id: "f1" } }, parseAs: "blob" });
    expect(screen.getByText("Comprovante")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Ver a foto em tamanho real" }));
    expect(await screen.findByRole("dialog", { name: "Comprovante" })).toBeTruthy();
  });

  it("shows a placeholder while it arrives and a clear message when it failed, without fetching", () => {
    renderWithApp(
      <>
        <MessageBody message={message("m1", { kind: "image", media: media("f1", { state: "pending" }) })} />
        <MessageBody message={message("m2", { kind: "image", media: media("f2", { state: "failed" }) })} />
      </>,
    );
    expect(screen.getByText("Recebendo o arquivo…")).toBeTruthy();
    expect(screen.getByText(/Não foi possível obter o arquivo do WhatsApp/)).toBeTruthy();
    expect(get).not.toHaveBeenCalled();
  });
});

describe("players", () => {
  it("play voice notes, audio and video", async () => {
    renderWithApp(
      <>
        <MessageBody
          message={message("m1", { kind: "voice_note", media: media("v", { mime_type: "audio/ogg; codecs=opus" }) })}
        />
        <MessageBody message={message("m2", { kind: "audio", media: media("a", { mime_type: "audio/mpeg" }) })} />
        <MessageBody
          message={message("m3", {
            kind: "video",
            media: media("w", { mime_type: "video/mp4", width: 640, height: 360 }),
          })}
        />
      </>,
    );
    await waitFor(() => expect(document.querySelectorAll("audio[controls]")).toHaveLength(2));
    expect(document.querySelector("audio[aria-label='Mensagem de voz']")).toBeTruthy();
    expect(document.querySelector("audio[aria-label='Áudio']")).toBeTruthy();
    const video = document.querySelector("video[controls]");
    expect(video?.getAttribute("width")).toBe("260");
    expect(video?.getAttribute("height")).toBe("146");
  });

  it("say a voice note's length while it arrives", () => {
    renderWithApp(
      <MessageBody
        message={message("m1", { kind: "voice_note", media: media("v", { state: "pending", duration_seconds: 7 }) })}
      />,
    );
    expect(screen.getByText("Mensagem de voz · 0:07")).toBeTruthy();
  });
});

describe("a document", () => {
  it("is a card with its type, name and size, downloaded under its name", async () => {
    const pdf = message("m1", {
      kind: "document",
      text: "Segue o boleto",
      media: media("d", { mime_type: "application/pdf", file_name: "boleto-dezembro.pdf", size_bytes: 245_760 }),
    });
    renderWithApp(<MessageBody message={pdf} />);
    expect(screen.getByText("boleto-dezembro.pdf")).toBeTruthy();
    expect(screen.getByText("PDF · 240 KB")).toBeTruthy();
    expect(screen.getByText("Segue o boleto")).toBeTruthy();
    expect(get).not.toHaveBeenCalled();
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    fireEvent.click(screen.getByRole("button", { name: "Baixar boleto-dezembro.pdf" }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe("boleto-dezembro.pdf");
  });

  it("offers no download until it is stored", () => {
    renderWithApp(
      <MessageBody
        message={message("m1", { kind: "document", media: media("d", { state: "pending", mime_type: "text/csv" }) })}
      />,
    );
    expect(screen.getByText("documento")).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Baixar/ })).toBeNull();
  });
});

describe("the other kinds", () => {
  it("draw a sticker without a frame to open", async () => {
    renderWithApp(
      <MessageBody
        message={message("m1", {
          kind: "sticker",
          media: media("s", { mime_type: "image/webp", width: 512, height: 512 }),
        })}
      />,
    );
    expect(await screen.findByRole("img", { name: "Figurinha" })).toBeTruthy();
    expect(screen.getByTestId("media-s").style.width).toBe("128px");
    expect(screen.queryByRole("button", { name: "Ver a foto em tamanho real" })).toBeNull();
  });

  it("link a location to OpenStreetMap", () => {
    renderWithApp(
      <MessageBody
        message={message("m1", {
          kind: "location",
          location: { latitude: -23.5613, longitude: -46.6565, name: "Loja Paulista", address: "Av. Paulista, 1000" },
        })}
      />,
    );
    expect(screen.getByText("Loja Paulista")).toBeTruthy();
    expect(screen.getByText("Av. Paulista, 1000")).toBeTruthy();
    const link = screen.getByRole("link", { name: /Abrir no OpenStreetMap/ });
    expect(link.getAttribute("href")).toBe(
      "https://www.openstreetmap.org/?mlat=-23.5613&mlon=-46.6565#map=17/-23.5613/-46.6565",
    );
    expect(link.getAttribute("target")).toBe("_blank");
  });

  it("show shared contacts as cards with their numbers", () => {
    renderWithApp(
      <MessageBody
        message={message("m1", {
          kind: "contacts",
          contacts: [
            { name: "Maria Souza", numbers: ["+55 11 98888-7777"] },
            { name: "João", numbers: [] },
          ],
        })}
      />,
    );
    expect(screen.getByRole("group", { name: "Maria Souza" })).toBeTruthy();
    expect(screen.getByRole("link", { name: "+55 11 98888-7777" }).getAttribute("href")).toBe("tel:+5511988887777");
    expect(screen.getByText("Sem número")).toBeTruthy();
  });

  it("show the option chosen, a template with its parameters, and notices", () => {
    renderWithApp(
      <>
        <MessageBody
          message={message("m1", { kind: "interactive_answer", interactive: { option_id: "2", title: "Financeiro" } })}
        />
        <MessageBody
          message={message("m2", {
            kind: "template",
            direction: "outbound",
            template: {
              name: "lembrete_pagamento",
              language: "pt_BR",
              parameters: ["Maria", "10/12"],
              header_parameters: [],
              button_parameters: [],
            },
          })}
        />
        <MessageBody message={message("m3", { kind: "unsupported" })} />
        <MessageBody message={message("m4", { kind: "system", text: "O cliente mudou de número." })} />
      </>,
    );
    expect(screen.getByText("☑️ Escolheu: Financeiro")).toBeTruthy();
    expect(screen.getByText("Modelo “lembrete_pagamento”")).toBeTruthy();
    expect(screen.getByText("Maria")).toBeTruthy();
    expect(screen.getByText("10/12")).toBeTruthy();
    expect(screen.getByText(/não é exibido no BlocoPro/)).toBeTruthy();
    expect(screen.getAllByText("O cliente mudou de número.")).toHaveLength(1);
  });
});
