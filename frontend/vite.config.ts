/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` serves the SPA on its own and forwards /api to a running BlocoPro
// (BLOCOPRO_API_URL, default the `make run` server).
const api = process.env.BLOCOPRO_API_URL ?? "http://127.0.0.1:8080";

/** The libraries, in chunks of their own that change only when they are upgraded, so that a new release of the
 * SPA leaves them in the browser's cache. The screens are split by route (src/app/routes.tsx). `byScreen`: the
 * library's modules are grouped by the screens that use them (the login page does not load the Menu or Select
 * that only the signed-in screens use), small groups merged. */
const VENDOR_CHUNKS: { name: string; packages: string[]; byScreen?: boolean }[] = [
  { name: "react", packages: ["react", "react-dom", "scheduler", "react-router", "cookie", "set-cookie-parser"] },
  {
    name: "mantine",
    byScreen: true,
    packages: [
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
    ],
  },
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

const packagePattern = (packages: string[]) =>
  new RegExp(`[\\\\/]node_modules[\\\\/](${packages.map((name) => name.replace("/", "[\\\\/]")).join("|")})[\\\\/]`);

export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": { target: api, ws: true } } },
  build: {
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: VENDOR_CHUNKS.map(({ name, packages, byScreen = false }) => ({
            name,
            test: packagePattern(packages),
            tags: byScreen ? ["$initial" as const] : undefined,
          })),
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
