/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

import { firstScreenPreload } from "./firstScreenPreload.ts";

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

/** The first load (`$initial`: the entry and what it imports, the login page included) apart from what only the
 * screens load; the screens' own code stays in their chunks, what several of them share in one chunk. */
const CHUNK_GROUPS = [
  ...VENDOR_CHUNKS.map(({ name, packages }) => ({ name, test: packagePattern(packages) })),
  { name: "mantine", test: packagePattern(MANTINE), tags: ["$initial" as const] },
  { name: "mantine-screens", test: packagePattern(MANTINE) },
  { name: "app", test: /[\\/]src[\\/]/, tags: ["$initial" as const] },
  { name: "screens-shared", test: /[\\/]src[\\/]/, minShareCount: 2 },
];

export default defineConfig({
  plugins: [
    react(),
    firstScreenPreload({
      login: [],
      chat: [
        "src/app/AppLayout.tsx",
        "src/features/conversations/routes/ChatPage.tsx",
        "src/features/conversations/i18n.ts",
      ],
      shell: ["src/app/AppLayout.tsx"],
    }),
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
