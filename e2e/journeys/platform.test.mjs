// The platform operator's screen: the companies and their feature switches.
import assert from "node:assert/strict";
import { test } from "node:test";

import { journeyArea } from "../lib/area.mjs";
import { logIn, screenshot } from "../lib/browser.mjs";
import { ADMIN, OPERATOR } from "../lib/server.mjs";

const area = journeyArea();

test("the operator switches WhatsApp groups on for the company", async () => {
  const page = await area.page();
  await logIn(page, "/platform/login", OPERATOR.email, OPERATOR.password);
  const groups = page.getByLabel(`Grupos de WhatsApp: ${ADMIN.company}`);
  await groups.waitFor();
  await screenshot(page, "01-platform-companies");
  assert.equal(await groups.isChecked(), false);
  await groups.click({ force: true });
  await page
    .getByText(`Grupos de WhatsApp habilitados para ${ADMIN.company}.`)
    .waitFor();
  assert.equal(await groups.isChecked(), true);
  await page.close();
});
