#!/usr/bin/env node
// The SPA's first load, measured by Lighthouse in Debian's chromium (headless, offline) against a running
// `blocopro serve` that serves the built SPA: the login page, and the Chat of a signed-in attendant (the
// session put into localStorage as the SPA keeps it, so that the measured load is the one after a reload).
// Each page and preset (mobile: Lighthouse's default, a slow 4G and a 4× slower CPU; desktop) runs `--runs`
// times with a cold cache; the run of median score is kept. "JS before the first screen" is every script the
// page fetched before its largest paint, with its size as gzip (level 6) would send it, whatever the server sent
// (it sends precompressed brotli twins to a browser taking them); the raw size is recorded too.
//
//   node bench/spa.mjs --base http://127.0.0.1:8080 --email … --password … [--runs 3] [--out spa.json]
//     [--pages login,chat] [--presets mobile,desktop]
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";
import puppeteer from "puppeteer-core";

const { values: options } = parseArgs({
  options: {
    base: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    runs: { type: "string", default: "3" },
    out: { type: "string" },
    presets: { type: "string", default: "mobile,desktop" },
    pages: { type: "string", default: "login,chat" },
  },
});
if (!options.base || !options.email || !options.password)
  throw new Error(
    "usage: spa.mjs --base URL --email E --password P [--runs N] [--out FILE]",
  );

// Nothing reaches outside the machine: no component updates, no background requests, no sign-in prompts.
const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-default-apps",
  "--disable-domain-reliability",
  "--disable-extensions",
  "--disable-sync",
  "--metrics-recording-only",
  "--mute-audio",
];
const PRESETS = { mobile: undefined, desktop: desktopConfig };
const PAGES = { login: "/login", chat: "/chat" };
const chosen = (names, known) =>
  names.split(",").map((name) => {
    if (!(name in known)) throw new Error(`unknown: ${name}`);
    return name;
  });
const SESSION_KEY = "blocopro.session";

async function logIn() {
  const response = await fetch(`${options.base}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: options.email, password: options.password }),
  });
  if (!response.ok) throw new Error(`login answered ${response.status}`);
  const session = await response.json();
  return {
    kind: "user",
    accessToken: session.access_token,
    expiresAt: Date.now() + session.expires_in * 1000,
    refreshToken: session.refresh_token,
  };
}

/** A fresh browser profile for each run; for the Chat, a new session in its localStorage. */
async function measure(pageName, preset) {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROME_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_FLAGS,
    headless: true,
  });
  try {
    const page = await browser.newPage();
    if (pageName === "chat") {
      // The session is single-use on refresh: each run logs in anew.
      const stored = await logIn();
      await page.goto(`${options.base}/login`);
      await page.evaluate(
        (key, value) => localStorage.setItem(key, value),
        SESSION_KEY,
        JSON.stringify(stored),
      );
    }
    const url = `${options.base}${PAGES[pageName]}`;
    const result = await lighthouse(
      url,
      { output: "json", logLevel: "error", onlyCategories: ["performance"] },
      PRESETS[preset],
      page,
    );
    return summary(result.lhr);
  } finally {
    await browser.close();
  }
}

const scriptSizes = new Map();

/** The script's bytes as gzip (level 6, as servers compress on the fly) would send them. */
async function gzipBytes(url) {
  if (!scriptSizes.has(url)) {
    const body = Buffer.from(await (await fetch(url)).arrayBuffer());
    scriptSizes.set(url, {
      raw: body.length,
      gzip: gzipSync(body, { level: 6 }).length,
    });
  }
  return scriptSizes.get(url);
}

async function summary(lhr) {
  const metrics = lhr.audits.metrics.details.items[0];
  const requests = lhr.audits["network-requests"].details.items;
  const firstScreen = requests.filter(
    (request) =>
      request.resourceType === "Script" &&
      request.networkRequestTime <= metrics.observedLargestContentfulPaint,
  );
  const scripts = [];
  for (const request of firstScreen)
    scripts.push({ url: request.url, ...(await gzipBytes(request.url)) });
  const allScripts = requests.filter(
    (request) => request.resourceType === "Script",
  );
  const total = (items, key) => items.reduce((sum, item) => sum + item[key], 0);
  return {
    url: lhr.finalDisplayedUrl,
    performance_score: Math.round(lhr.categories.performance.score * 100),
    fcp_ms: Math.round(metrics.firstContentfulPaint),
    lcp_ms: Math.round(metrics.largestContentfulPaint),
    tbt_ms: Math.round(metrics.totalBlockingTime),
    cls: Number(metrics.cumulativeLayoutShift.toFixed(3)),
    speed_index_ms: Math.round(metrics.speedIndex),
    observed_lcp_ms: Math.round(metrics.observedLargestContentfulPaint),
    first_screen_js: {
      scripts: scripts.length,
      raw_bytes: total(scripts, "raw"),
      gzip_bytes: total(scripts, "gzip"),
      files: scripts.map((script) => new URL(script.url).pathname),
    },
    all_js_transferred_bytes: total(allScripts, "transferSize"),
    warnings: lhr.runWarnings,
  };
}

function median(runs) {
  const sorted = [...runs].sort(
    (a, b) => a.performance_score - b.performance_score,
  );
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

const results = {};
for (const pageName of chosen(options.pages, PAGES)) {
  results[pageName] = {};
  for (const preset of chosen(options.presets, PRESETS)) {
    const runs = [];
    for (let run = 0; run < Number(options.runs); run += 1)
      runs.push(await measure(pageName, preset));
    results[pageName][preset] = {
      ...median(runs),
      scores: runs.map((run) => run.performance_score),
    };
    const kept = results[pageName][preset];
    console.log(
      `${pageName.padEnd(5)} ${preset.padEnd(7)} score ${kept.performance_score} (runs ${kept.scores.join(", ")}), ` +
        `LCP ${kept.lcp_ms} ms, TBT ${kept.tbt_ms} ms, JS before the first screen ` +
        `${(kept.first_screen_js.gzip_bytes / 1024).toFixed(1)} KiB gzip in ${kept.first_screen_js.scripts} files`,
    );
  }
}
const output = JSON.stringify(results, null, 2);
if (options.out) await writeFile(options.out, output + "\n");
else console.log(output);
