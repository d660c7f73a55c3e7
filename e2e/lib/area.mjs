// The harness of one file of journeys (one area of the SPA): its own server on a fresh SQLite
// database and its own browser, so that no file depends on another or on the order they run in.
import assert from "node:assert/strict";
import { after, afterEach, before } from "node:test";

import {
  launchBrowser,
  logIn,
  newPage,
  takeCspViolations,
} from "./browser.mjs";
import { adminApi } from "./fixtures.mjs";
import { ADMIN, startServer } from "./server.mjs";

/** Registers the file's hooks; the answer's fields are usable inside its tests. `env` (optional, may be async)
 * answers what to add to the server's environment, e.g. the base URL of a fake the file started. */
export function journeyArea({ env = () => ({}) } = {}) {
  const area = {
    server: undefined,
    browser: undefined,
    /** A fresh browser profile (no session) on the server; `options` for Playwright's `newContext`. */
    page(options) {
      return newPage(area.browser, area.server.base, options);
    },
    /** A fresh browser profile that has logged in at the company's login page (the administrator's by default). */
    async pageAs(email = ADMIN.email, password = ADMIN.password, options) {
      const page = await area.page(options);
      await logIn(page, "/login", email, password);
      return page;
    },
    /** The administrator's API client, for preconditions and for checking what a screen saved. */
    api() {
      return adminApi(area.server.base);
    },
  };

  // Side by side: the server and the browser need each other only once a journey starts.
  before(async () => {
    const [server, browser] = await Promise.allSettled([
      Promise.resolve(env()).then(startServer),
      launchBrowser(),
    ]);
    area.server = server.value;
    area.browser = browser.value;
    for (const started of [server, browser])
      if (started.status === "rejected") throw started.reason;
  });

  after(async () => {
    await Promise.all([area.browser?.close(), area.server?.stop()]);
  });

  // Every screen of every journey runs under the server's Content-Security-Policy.
  afterEach(() => {
    assert.deepEqual(takeCspViolations(), []);
  });

  return area;
}
