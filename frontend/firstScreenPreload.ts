import type { Plugin, Rollup } from "vite";

type OutputBundle = Rollup.OutputBundle;

/** Which modules make each first screen, by their path under the project. */
export interface FirstScreens {
  /** A visitor without a session (the router sends them to /login); nothing when the entry holds it. */
  login: string[];
  /** A signed-in user starting at `/` or `/chat`. */
  chat: string[];
  /** A signed-in user starting at a conversation (`/chat?c=…`). */
  thread: string[];
  /** A signed-in user starting anywhere else: the app shell at least. */
  shell: string[];
}

/** The chunks of these modules and every chunk they import, as the page would ask for them. */
function chunkFiles(bundle: OutputBundle, modules: string[], base: string): string[] {
  const chunks = Object.values(bundle).flatMap((file) => (file.type === "chunk" ? [file] : []));
  const files = new Set<string>();
  const visit = (fileName: string) => {
    if (files.has(fileName)) return;
    files.add(fileName);
    chunks.find((chunk) => chunk.fileName === fileName)?.imports.forEach(visit);
  };
  for (const module of modules) {
    const chunk =
      chunks.find((candidate) => candidate.facadeModuleId?.endsWith(module)) ??
      // A module that a chunk group (vite.config.ts) put with others.
      chunks.find((candidate) => candidate.moduleIds.some((id) => id.endsWith(module)));
    if (!chunk) throw new Error(`first screen: no chunk for ${module}`);
    visit(chunk.fileName);
  }
  return [...files].map((file) => base + file);
}

/** On a page's first load the router asks for its screen's chunks only once React, Mantine and the app have
 * loaded and run. This adds a small script to <head> (not inline: the server's CSP forbids inline scripts) that
 * asks for them at once, as `modulepreload` links, for the screen the address and the stored session lead to. */
export function firstScreenPreload(screens: FirstScreens): Plugin {
  let base = "/";
  return {
    name: "blocopro:first-screen-preload",
    apply: "build",
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: "post",
      handler(_html, context) {
        if (!context.bundle) return;
        const bundle = context.bundle;
        const files = Object.fromEntries(
          Object.entries(screens).map(([screen, modules]) => [screen, chunkFiles(bundle, modules, base)]),
        );
        const source = `(function () {
  var path = location.pathname, kind = null, files;
  try { kind = JSON.parse(localStorage.getItem("blocopro.session") || "null").kind; } catch (e) {}
  if (path.indexOf("/platform") === 0) return;
  var screens = ${JSON.stringify(files)};
  files = path === "/login" || kind !== "user" ? screens.login
    : path === "/" || path.indexOf("/chat") === 0 ? (/[?&]c=/.test(location.search) ? screens.thread : screens.chat)
    : screens.shell;
  files.forEach(function (href) {
    var link = document.createElement("link");
    link.rel = "modulepreload";
    link.crossOrigin = "";
    link.href = href;
    document.head.appendChild(link);
  });
})();
`;
        // Vite calls this hook with the build's plugin context.
        const build = this as unknown as Rollup.PluginContext;
        const reference = build.emitFile({ type: "asset", name: "first-screen.js", source });
        return [{ tag: "script", attrs: { src: base + build.getFileName(reference) }, injectTo: "head-prepend" }];
      },
    },
  };
}
