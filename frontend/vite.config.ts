/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// `npm run dev` serves the SPA on its own and forwards /api to a running BlocoPro
// (BLOCOPRO_API_URL, default the `make run` server).
const api = process.env.BLOCOPRO_API_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  server: { proxy: { "/api": { target: api, ws: true } } },
  build: { sourcemap: true, chunkSizeWarningLimit: 1500 },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
    // Component tests render whole screens; a busy shared machine can take seconds for one.
    testTimeout: 30_000,
  },
});
