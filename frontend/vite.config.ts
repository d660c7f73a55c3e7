/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type Rolldown, defineConfig } from "vite";

import { firstScreenPreload } from "./firstScreenPreload.ts";
import { mantineStyles } from "./mantineStyles.ts";
import { precompress } from "./precompress.ts";
import { FIRST_SCREEN_READS } from "./src/app/firstScreenReads.ts";

// `npm run dev` serves the SPA on its own and forwards /api to a running BlocoPro
// (BLOCOPRO_API_URL, default the `make run` server).
const api = process.env.BLOCOPRO_API_URL ?? "http://127.0.0.1:8080";

const packagePattern = (packages: string[]) =>
  new RegExp(`[\\\\/]node_modules[\\\\/](${packages.map((name) => name.replace("/", "[\\\\/]")).join("|")})[\\\\/]`);

/** The libraries, in chunks of their own that change only when they are upgraded, so that a new release of the
 * SPA leaves them in the browser's cache. The screens are split by route (src/app/routes.tsx). */
const VENDOR_CHUNKS: { name: string; packages: string[] }[] = [
  { name: "react", packages: ["react", "react-dom", "scheduler", "react-router", "cookie", "set-cookie-parser"] },
  {
    name: "libs",
    packages: [
      "@tanstack/query-core",
      "@tanstack/react-query",
      "i18next",
      "react-i18next",
      "html-parse-stringify",
      "void-elements",
      "openapi-fetch",
    ],
  },
];

/** Mantine and what it builds on: what the login page needs in one chunk, the rest (what the signed-in screens
 * use) in another, so that the login page stays light and a screen needs few requests. */
const MANTINE = [
  "@mantine/core",
  "@mantine/hooks",
  "@mantine/form",
  "@mantine/notifications",
  "@mantine/store",
  "@floating-ui",
  "clsx",
  "react-remove-scroll",
  "react-remove-scroll-bar",
  "react-style-singleton",
  "react-textarea-autosize",
  "react-number-format",
  "react-transition-group",
  "use-sidecar",
  "use-callback-ref",
  "use-isomorphic-layout-effect",
  "use-composed-ref",
  "use-latest",
  "get-nonce",
  "detect-node-es",
  "tslib",
  "dom-helpers",
  "fast-deep-equal",
  "klona",
];

/** The modules of each first screen (the router loads them; the first-screen script preloads them). */
const FIRST_SCREENS = {
  login: ["src/features/auth/routes/LoginPage.tsx"],
  chat: ["src/app/AppLayout.tsx", "src/features/conversations/routes/ChatPage.tsx"],
  /** The Chat opened at a conversation. */
  thread: ["src/features/conversations/components/Thread.tsx"],
};
type FirstScreen = keyof typeof FIRST_SCREENS;

/** Mantine's packages re-export everything from one index: a module importing a few names from it needs those
 * names' modules only (as the bundler's tree shaking finds), not every module the index imports. */
const BARREL = /[\\/]node_modules[\\/]@mantine[\\/][a-z]+[\\/]esm[\\/]index\.mjs$/;
const NAMED_IMPORT = /import\s*\{([^}]*)\}\s*from\s*["']([^"']+)["']/g;

/** The names in `{ a, b as c }`: [name, local name] pairs. */
function bindings(list: string): [string, string][] {
  return list
    .split(",")
    .map((binding) => binding.trim().replace(/^type\s+/, ""))
    .filter(Boolean)
    .map((binding) => {
      const [name = binding, local = name] = binding.split(/\s+as\s+/);
      return [name, local];
    });
}

/** `import { a, b as c } from "source"` in `code`: the bindings by source. */
function namedImports(code: string): Map<string, [string, string][]> {
  const imports = new Map<string, [string, string][]>();
  for (const [, list = "", source = ""] of code.matchAll(NAMED_IMPORT))
    imports.set(source, [...(imports.get(source) ?? []), ...bindings(list)]);
  return imports;
}

/** The modules a module needs statically: its imports, through a barrel only the names it takes from it. */
function neededBy(id: string, context: Rolldown.ChunkingContext): string[] {
  const info = context.getModuleInfo(id);
  if (!info) return [];
  if (!info.code || !info.importedIds.some((imported) => BARREL.test(imported))) return info.importedIds;
  const taken = namedImports(info.code);
  return info.importedIds.flatMap((imported) => {
    const barrel = BARREL.test(imported) ? context.getModuleInfo(imported) : null;
    const pkg = imported.match(/(@mantine)[\\/]([a-z]+)[\\/]esm/);
    const names = (pkg && taken.get(`${pkg[1]}/${pkg[2]}`)?.map(([name]) => name)) ?? [];
    if (!barrel?.code || names.length === 0) return [imported];
    // The index: `import { x } from "./file.mjs"` lines, then `export { x, y as z }`.
    const files = new Map<string, string>();
    for (const [source, list] of namedImports(barrel.code)) {
      const file = fileURLToPath(new URL(source, pathToFileURL(imported)));
      list.forEach(([, local]) => files.set(local, file));
    }
    const exported = new Map<string, string>();
    for (const [, list = ""] of barrel.code.matchAll(/export\s*\{([^}]*)\}/g))
      bindings(list).forEach(([local, name]) => exported.set(name, local));
    const resolved = names.map((name) => files.get(exported.get(name) ?? name));
    // A name the index does not import from a module of its own: keep the whole index, to be safe.
    return resolved.every((file) => file !== undefined) ? resolved : [imported];
  });
}

const reached = new WeakMap<object, Set<string>>();

/** Whether `id` is statically needed by a module of `screen`, or by what they need. */
function onFirstScreen(screen: FirstScreen, id: string, context: Rolldown.ChunkingContext): boolean {
  return FIRST_SCREENS[screen].some((file) => {
    const root = context.getModuleInfo(fileURLToPath(new URL(file, import.meta.url)));
    if (!root) return false;
    let ids = reached.get(root);
    if (!ids) {
      ids = new Set();
      const next = [root.id];
      while (next.length > 0) {
        const module = next.pop()!;
        if (ids.has(module)) continue;
        ids.add(module);
        next.push(...neededBy(module, context));
      }
      reached.set(root, ids);
    }
    return ids.has(id);
  });
}

/** The modules that `test` matches and that every screen of `on` needs. The groups below take their modules in
 * their order: a later group does not take those an earlier one took. */
function firstScreenGroup(name: string, test: RegExp, on: FirstScreen[]) {
  return {
    name: (id: string, context: Rolldown.ChunkingContext) =>
      test.test(id) && on.every((screen) => onFirstScreen(screen, id, context)) ? name : null,
  };
}

const MANTINE_PATTERN = packagePattern(MANTINE);
/** The app's code and the small libraries it uses (icons, dates) beside it. */
const APP_CODE = /[\\/]src[\\/]|[\\/]node_modules[\\/](@tabler[\\/]icons-react|dayjs)[\\/]/;

/** The first load (`$initial`: the entry and what it imports) apart from what the screens load. Mantine is split
 * by first screen: what the login page and the Chat both show, what only one of them shows, and the rest (the
 * other screens'), so that neither first screen loads the components of the others. The screens' own code stays
 * in their chunks, what several of them share in one chunk. */
const CHUNK_GROUPS = [
  ...VENDOR_CHUNKS.map(({ name, packages }) => ({ name, test: packagePattern(packages) })),
  { name: "mantine", test: MANTINE_PATTERN, tags: ["$initial" as const] },
  firstScreenGroup("mantine-first", MANTINE_PATTERN, ["login", "chat"]),
  firstScreenGroup("mantine-login", MANTINE_PATTERN, ["login"]),
  firstScreenGroup("mantine-chat", MANTINE_PATTERN, ["chat"]),
  firstScreenGroup("mantine-thread", MANTINE_PATTERN, ["thread"]),
  { name: "mantine-screens", test: MANTINE_PATTERN },
  { name: "app", test: APP_CODE, tags: ["$initial" as const] },
  firstScreenGroup("first-screens", APP_CODE, ["login", "chat"]),
  firstScreenGroup("login-screen", APP_CODE, ["login"]),
  firstScreenGroup("chat-screen", APP_CODE, ["chat"]),
  firstScreenGroup("thread-screen", APP_CODE, ["thread"]),
  { name: "screens-shared", test: /[\\/]src[\\/]/, minShareCount: 2 },
];

export default defineConfig({
  plugins: [
    react(),
    mantineStyles(),
    firstScreenPreload(
      {
        login: FIRST_SCREENS.login,
        chat: [...FIRST_SCREENS.chat, "src/features/conversations/i18n.ts", "src/features/messages/i18n.ts"],
        thread: [
          ...FIRST_SCREENS.chat,
          ...FIRST_SCREENS.thread,
          "src/features/conversations/i18n.ts",
          "src/features/messages/i18n.ts",
        ],
        shell: ["src/app/AppLayout.tsx"],
      },
      // An SPA served apart from the API (VITE_API_BASE_URL) asks nothing early: the script knows only this origin.
      process.env.VITE_API_BASE_URL ? {} : FIRST_SCREEN_READS,
    ),
    precompress(),
  ],
  server: { proxy: { "/api": { target: api, ws: true } } },
  build: {
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: CHUNK_GROUPS,
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
    // Component tests render whole screens; a busy shared machine can take seconds for one.
    testTimeout: 30_000,
  },
});
