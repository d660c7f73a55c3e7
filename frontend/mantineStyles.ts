import type { Plugin } from "vite";

/** A module of @mantine/core (its ESM build). */
const MANTINE_CORE = /[\\/]node_modules[\\/]@mantine[\\/]core[\\/]esm[\\/].*\.mjs$/;
/** `import X_module_default from "./X.module.mjs"`: the class names of component X. */
const CLASSES_IMPORT = /from\s*["'](?:\.{1,2}\/)+(?:[\w-]+\/)*([\w-]+)\.module\.mjs["']/g;

/** The style sheets a module of @mantine/core needs: those of the components whose class names it imports. */
export function styleSheetsOf(code: string): string[] {
  return [...new Set([...code.matchAll(CLASSES_IMPORT)].map(([, name]) => `@mantine/core/styles/${name}.css`))];
}

/**
 * Mantine's styles per component instead of its whole style sheet (`@mantine/core/styles.css`, 250 kB): each
 * component brings its own (Mantine ships one file per component, `@mantine/core/styles/X.css`), in the chunk of
 * the component, so that a screen loads the styles of what it shows. The import is appended after the module's
 * own imports: the components it builds on come first, as in Mantine's whole sheet, and its rules win over theirs
 * where they meet (Button over UnstyledButton). The base (baseline, variables, global) is in the entry (main.tsx).
 */
export function mantineStyles(): Plugin {
  return {
    name: "blocopro:mantine-styles",
    enforce: "pre",
    transform: {
      filter: { id: MANTINE_CORE },
      handler(code, id) {
        if (!MANTINE_CORE.test(id)) return null;
        const sheets = styleSheetsOf(code);
        if (sheets.length === 0) return null;
        return { code: `${code}\n${sheets.map((sheet) => `import "${sheet}";`).join("\n")}\n`, map: null };
      },
    },
  };
}
