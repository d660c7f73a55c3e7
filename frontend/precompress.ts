import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { brotliCompress, constants, gzip } from "node:zlib";
import { promisify } from "node:util";

import type { Plugin } from "vite";

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** What is worth compressing: the scripts and style sheets (the other files are images, fonts, maps). */
const COMPRESSED = /\.(js|css|svg)$/;
/** Smaller files gain less than the headers cost. */
const MIN_BYTES = 1024;

/** Beside each script and style sheet of the build, its twins `.br` (brotli) and `.gz` (gzip), both at their best
 * compression: the server sends a twin to a browser that takes its encoding (backend/api `spa_asset`), about a
 * quarter smaller than what it would compress on the fly, at no cost per request. */
export function precompress(): Plugin {
  return {
    name: "blocopro:precompress",
    apply: "build",
    async writeBundle(options, bundle) {
      const dir = options.dir ?? "dist";
      const names = Object.keys(bundle).filter((name) => COMPRESSED.test(name));
      await Promise.all(
        names.map(async (name) => {
          const path = join(dir, name);
          const bytes = await readFile(path);
          if (bytes.length < MIN_BYTES) return;
          const [br, gz] = await Promise.all([
            brotli(bytes, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
              },
            }),
            gzipped(bytes, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
        }),
      );
    },
  };
}
