// Debian's chromium driven by playwright-core, with a screenshot of every screen a journey visits.
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";

import { chromium } from "playwright-core";

const SCREENSHOTS = resolve(import.meta.dirname, "..", "screenshots");
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export async function launchBrowser() {
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: FLAGS,
  });
}

const cspViolations = [];

/** What the server's Content-Security-Policy blocked since the last call (Chromium reports it as a console error). */
export function takeCspViolations() {
  return cspViolations.splice(0);
}

/** A fresh browser profile (its own storage: its own session) at a laptop's size; `options` as Playwright's
 * `newContext` takes them (e.g. `timezoneId`). */
export async function newPage(browser, base, options = {}) {
  const context = await browser.newContext({
    baseURL: base,
    viewport: { width: 1280, height: 800 },
    locale: "pt-BR",
    ...options,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy"))
      cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

/** The side menu's width when closed (AppLayout.module.css). */
const MENU_CLOSED_WIDTH = 64;

export async function screenshot(page, name) {
  // Off the side menu, which opens over the page on hover or keyboard focus, until it has closed: the shell's one
  // <nav> (no Mantine AppShell class: the shell is hand-written), waited for past its closing transition so that
  // every screen shows the menu at the same width.
  await page.mouse.move(900, 5);
  await page.evaluate(() => {
    if (document.activeElement?.closest("nav")) document.activeElement.blur();
    // A full-page shot of a scrolled page draws the fixed header and menu in the middle.
    window.scrollTo(0, 0);
  });
  await page.waitForFunction(
    (closed) =>
      (document.querySelector("nav")?.getBoundingClientRect().width ?? 0) <=
      closed,
    MENU_CLOSED_WIDTH,
  );
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage: true,
  });
}

export async function logIn(page, path, email, password) {
  await page.goto(path);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Senha").fill(password);
  await page.getByRole("button", { name: "Entrar" }).click();
}

/** Opens an area from the side menu by its label. */
export async function openFromMenu(page, label) {
  await page.getByRole("navigation").getByRole("link", { name: label }).click();
}

/** Chooses an option of a segmented control (the composer's "Responder" / "Nota interna", Chat's queues) by the
 * label the user clicks: the radio itself is hidden under it. */
export async function choose(page, name) {
  const id = await page.getByRole("radio", { name }).getAttribute("id");
  await page.locator(`label[for="${id}"]`).click();
}

/** Opens Chat, then the conversation titled `title` (in the queue named `queue`, if given); answers its thread. */
export async function openConversation(page, title, queue) {
  await openFromMenu(page, "Chat");
  await page.mouse.move(900, 400); // off the menu, which opens over the page
  if (queue) await choose(page, queue);
  await page.getByRole("listitem").filter({ hasText: title }).click();
  return page.locator('[aria-live="polite"]');
}

/** Opens a tab of Configurações, as the help says ("Configurações › Grupos de WhatsApp"); `menu` is the menu's
 * label in the page's language. */
export async function openSettings(page, tab, menu = "Configurações") {
  await openFromMenu(page, menu);
  await page.getByRole("tab", { name: tab }).click();
}

/** The presence the header shows (the checked option of "Sua presença"). */
export function shownPresence(page) {
  return page
    .getByRole("radiogroup", { name: "Sua presença" })
    .getByRole("radio", { checked: true })
    .getAttribute("value");
}

/** The presence the server has for the page's user, read with the page's own session (null until there is one). */
export function serverPresence(page) {
  return page.evaluate(async () => {
    const session = localStorage.getItem("blocopro.session");
    if (!session) return null;
    const { accessToken } = JSON.parse(session);
    const me = await fetch("/api/v1/me", {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    return (await me.json()).presence;
  });
}
