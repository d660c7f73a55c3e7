import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

import { styleSheetsOf } from "../../mantineStyles";

const require = createRequire(import.meta.url);
// The styles' directory is exported; the ESM modules lie beside it.
const core = join(dirname(dirname(require.resolve("@mantine/core/styles/Button.css"))), "esm");
const sheet = (name: string) => require.resolve(name);

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? modules(join(dir, entry.name)) : entry.name.endsWith(".mjs") ? [join(dir, entry.name)] : [],
  );
}

describe("mantineStyles", () => {
  it("finds the style sheets of the components whose class names a module imports", () => {
    const button = readFileSync(join(core, "components/Button/Button.mjs"), "utf8");
    expect(styleSheetsOf(button)).toEqual(["@mantine/core/styles/Button.css"]);
    const card = readFileSync(join(core, "components/Checkbox/CheckboxCard/CheckboxCard.mjs"), "utf8");
    expect(styleSheetsOf(card)).toEqual(["@mantine/core/styles/CheckboxCard.css"]);
    expect(styleSheetsOf('import { Box } from "../../core/Box/Box.mjs";')).toEqual([]);
  });

  it("names a sheet Mantine ships for every module that imports class names", () => {
    const all = modules(core);
    const withClasses = all.filter((file) => /\.module\.mjs["']/.test(readFileSync(file, "utf8")));
    expect(withClasses.length).toBeGreaterThan(80);
    for (const file of withClasses) {
      const sheets = styleSheetsOf(readFileSync(file, "utf8"));
      expect(sheets.length, file).toBeGreaterThan(0);
      sheets.forEach((name) => expect(existsSync(sheet(name)), `${file}: ${name}`).toBe(true));
    }
  });
});
