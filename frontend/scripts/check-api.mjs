// Fails when src/api/schema.d.ts is not what `npm run gen:api` makes of openapi/openapi.json.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const fresh = join(mkdtempSync(join(tmpdir(), "blocopro-api-")), "schema.d.ts");
execFileSync("npx", ["openapi-typescript", "../openapi/openapi.json", "-o", fresh], { stdio: "ignore" });
if (readFileSync(fresh, "utf8") !== readFileSync("src/api/schema.d.ts", "utf8")) {
  console.error("src/api/schema.d.ts is stale: run `npm run gen:api` and commit the result");
  process.exit(1);
}
console.log("src/api/schema.d.ts matches openapi/openapi.json");
