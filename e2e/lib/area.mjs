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

/** Registers the file's hooks; the answer's fields are usable inside its tests. */
export function journeyArea() {
  const area = {
    server: undefined,
    browser: undefined,
    /** A fresh browser profile (no session) on the server. */
    page() {
      return newPage(area.browser, area.server.base);
    },
    /** A fresh browser profile that has logged in at the company's login page (the administrator's by default). */
    async pageAs(email = ADMIN.email, password = ADMIN.password) {
      const page = await area.page();
      await logIn(page, "/login", email, password);
      return page;
    },
    /** The administrator's API client, for preconditions and for checking what a screen saved. */
    api() {
      return adminApi(area.server.base);
    },
  };

  before(async () => {
    area.server = await startServer();
    area.browser = await launchBrowser();
  });

  after(async () => {
    await area.browser?.close();
    await area.server?.stop();
  });

  // Every screen of every journey runs under the server's Content-Security-Policy.
  afterEach(() => {
    assert.deepEqual(takeCspViolations(), []);
  });

  return area;
}
