// Chat with rich messages (issue 16): a simulated customer sends a photo, a voice note and a PDF; the attendant sees
// all three, plays the audio, downloads the PDF, replies to the photo with a picture pasted from the clipboard and
// reacts with 👍; the simulated phone receives the reply and the reaction.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { openFromMenu, screenshot } from "../lib/browser.mjs";
import { connectedChannel, eventually } from "../lib/fixtures.mjs";

const area = journeyArea();
const CUSTOMER = "+5511966660000";

const fixture = (name) =>
  readFile(join(import.meta.dirname, "..", "fixtures", name));

/** The simulated customer sends a file of `kind` from e2e/fixtures, with `text` as its caption. */
async function customerSends(
  call,
  channel,
  kind,
  name,
  mimeType,
  text,
  extra = {},
) {
  const data_base64 = (await fixture(name)).toString("base64");
  return call("POST", `/simulator/channels/${channel.id}/inbound`, {
    from: CUSTOMER,
    kind,
    text,
    file: { file_name: name, mime_type: mimeType, data_base64 },
    ...extra,
  });
}

/** Pastes `name` (a picture from e2e/fixtures) into `box` as the clipboard would. */
async function paste(box, name) {
  const data = (await fixture(name)).toString("base64");
  await box.evaluate((element, base64) => {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const clipboard = new DataTransfer();
    clipboard.items.add(new File([bytes], "image.png", { type: "image/png" }));
    element.dispatchEvent(
      new ClipboardEvent("paste", {
        clipboardData: clipboard,
        bubbles: true,
        cancelable: true,
      }),
    );
  }, data);
}

test("the attendant sees a photo, a voice note and a PDF, plays, downloads, replies with a pasted picture and reacts", async () => {
  const call = await area.api();
  const channel = await connectedChannel(call, "WhatsApp Atendimento");
  await customerSends(
    call,
    channel,
    "image",
    "comprovante.png",
    "image/png",
    "Comprovante do Pix",
  );
  await customerSends(
    call,
    channel,
    "voice_note",
    "mensagem-de-voz.ogg",
    "audio/ogg; codecs=opus",
    "",
    {
      duration_seconds: 2,
    },
  );
  await customerSends(
    call,
    channel,
    "document",
    "boleto-dezembro.pdf",
    "application/pdf",
    "Pode conferir o boleto?",
  );

  const page = await area.pageAs();
  await openFromMenu(page, "Chat");
  await page.getByRole("listitem").first().click();
  const thread = page.locator('[aria-live="polite"]');
  const photo = thread.getByRole("img", { name: "Foto: Comprovante do Pix" });
  await photo.waitFor();
  // `has` is matched inside each bubble: the image by its role alone, not from the thread.
  const photoBubble = thread.locator('[id^="message-"]').filter({
    has: page.getByRole("img", { name: "Foto: Comprovante do Pix" }),
  });

  // The voice note plays (its bytes come from the server with the session's token).
  const voice = thread.locator("audio[aria-label='Mensagem de voz']");
  await voice.waitFor();
  await voice.evaluate((audio) => audio.play());
  await eventually(
    () => voice.evaluate((audio) => audio.currentTime > 0.2),
    "the voice note playing",
  );

  // The PDF downloads under its own name, byte for byte.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    thread.getByRole("button", { name: "Baixar boleto-dezembro.pdf" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "boleto-dezembro.pdf");
  assert.deepEqual(
    await readFile(await download.path()),
    await fixture("boleto-dezembro.pdf"),
  );

  // A reply to the photo with a picture pasted from the clipboard.
  await photoBubble.getByRole("button", { name: "Ações da mensagem" }).click();
  await page.getByRole("menuitem", { name: "Responder" }).click();
  await page.getByRole("status", { name: /^Respondendo a / }).waitFor();
  await paste(page.getByLabel("Escreva uma mensagem"), "comprovante.png");
  await page.getByTestId("attachment-preview").waitFor();
  await page.getByLabel("Legenda (opcional)").fill("Recebido! Segue o recibo.");
  await page.getByRole("button", { name: "Enviar" }).click();
  const reply = thread
    .locator('[id^="message-"]')
    .filter({ hasText: "Recebido! Segue o recibo." });
  await reply.getByTestId("reply-quote").waitFor();
  await reply
    .getByRole("img", { name: "Foto: Recebido! Segue o recibo." })
    .waitFor();

  // A 👍 on the photo.
  await photoBubble.getByRole("button", { name: "Ações da mensagem" }).click();
  await page.getByRole("button", { name: "Reagir com 👍" }).click();
  await photoBubble.getByRole("button", { name: /^👍 1: Você/ }).waitFor();

  // The simulated phone received the picture (as a reply) and the reaction.
  const received = await eventually(async () => {
    const seen = JSON.stringify(
      await call(
        "GET",
        `/simulator/channels/${channel.id}/received?to=${encodeURIComponent(CUSTOMER)}`,
      ),
    );
    return seen.includes("Recebido! Segue o recibo.") && seen.includes("👍")
      ? seen
      : null;
  }, "the simulated phone receiving the reply and the reaction");
  assert.match(received, /image/);
  await screenshot(page, "24-chat-rich-messages");

  await page.getByRole("button", { name: /^Sua conta/ }).click();
  await page.getByRole("menuitem", { name: "English" }).click();
  await thread
    .getByRole("button", { name: "Download boleto-dezembro.pdf" })
    .waitFor();
  await thread.getByText("In reply to", { exact: false }).first().waitFor();
  await screenshot(page, "en-24-chat-rich-messages");
  await page.close();
});
