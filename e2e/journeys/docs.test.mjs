// The API reference the server serves at /api/docs.
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { screenshot } from "../lib/browser.mjs";

const area = journeyArea();

test("the API docs open under the same Content-Security-Policy", async () => {
  const page = await area.page();
  await page.goto("/api/docs");
  await page.getByText("BlocoPro API").first().waitFor();
  await page.getByText("/api/v1/agenda/events").first().waitFor();
  await screenshot(page, "13-api-docs");
  await page.close();
});
