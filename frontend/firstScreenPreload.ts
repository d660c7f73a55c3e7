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

/** The API reads of a signed-in user's first screen (paths with their query, as the app asks for them), by screen. */
export type EarlyRequests = Partial<Record<Exclude<keyof FirstScreens, "login">, string[]>>;

/** The style sheets the page links itself: the entry chunks' and those of the chunks they import. */
function bundleEntryStyles(bundle: OutputBundle): string[] {
  const chunks = Object.values(bundle).flatMap((file) => (file.type === "chunk" ? [file] : []));
  return chunks
    .filter((chunk) => chunk.isEntry)
    .flatMap((chunk) => screenFiles(bundle, [chunk.facadeModuleId ?? ""]).styles);
}

type Chunk = Extract<OutputBundle[string], { type: "chunk" }>;

/** The chunks of these modules and every chunk they import, as the page would ask for them, and their style
 * sheets, those of imported chunks first (as Vite orders them: a component's styles after those it builds on). */
function screenFiles(bundle: OutputBundle, modules: string[]): { scripts: string[]; styles: string[] } {
  const chunks = Object.values(bundle).flatMap((file) => (file.type === "chunk" ? [file] : []));
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (chunk: Chunk | undefined) => {
    if (!chunk || scripts.has(chunk.fileName)) return;
    scripts.add(chunk.fileName);
    chunk.imports.forEach((file) => visit(chunks.find((each) => each.fileName === file)));
    chunk.viteMetadata?.importedCss.forEach((file) => styles.add(file));
  };
  for (const module of modules) {
    const chunk =
      chunks.find((candidate) => candidate.facadeModuleId?.endsWith(module)) ??
      // A module that a chunk group (vite.config.ts) put with others.
      chunks.find((candidate) => candidate.moduleIds.some((id) => id.endsWith(module)));
    if (!chunk) throw new Error(`first screen: no chunk for ${module}`);
    visit(chunk);
  }
  return { scripts: [...scripts], styles: [...styles] };
}

/** On a page's first load the router asks for its screen's chunks only once React, Mantine and the app have
 * loaded and run. This adds a small script to <head> (not inline: the server's CSP forbids inline scripts) that
 * asks for them at once, as `modulepreload` links, for the screen the address and the stored session lead to.
 *
 * It fetches the screen's style sheets early as well, as `preload` links (not applied): the router's import of the
 * screen links them (after the entry's, those of imported chunks first) and waits until they apply before the
 * screen renders, as on any later screen; an applied sheet would not be waited for (Vite skips a sheet already
 * linked), and the screen could paint unstyled and move.
 *
 * With `early`, the script also asks the API for the first screen's data at once, with the stored session's token
 * while it is fresh, as the page's scripts download: the app puts what has arrived into its cache before it renders
 * (src/app/seedFirstScreen.ts) and takes the other answers instead of asking again (src/api/early.ts), so that the
 * screen does not wait a round trip more. Only at the screen's plain address: a Chat address naming a tab, queue or
 * label lists something else. */
export function firstScreenPreload(screens: FirstScreens, early: EarlyRequests = {}): Plugin {
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
        const entryStyles = new Set(bundleEntryStyles(bundle));
        const files = Object.fromEntries(
          Object.entries(screens).map(([screen, modules]) => {
            const { scripts, styles } = screenFiles(bundle, modules);
            return [
              screen,
              {
                scripts: scripts.map((file) => base + file),
                styles: styles.filter((file) => !entryStyles.has(file)).map((file) => base + file),
              },
            ];
          }),
        );
        const source = `(function () {
  var path = location.pathname, session = null, kind = null, screen, files, early;
  function preload(rel, href, as) {
    var link = document.createElement("link");
    link.rel = rel;
    if (as) link.as = as;
    link.crossOrigin = "";
    link.href = href;
    document.head.appendChild(link);
  }
  try { session = JSON.parse(localStorage.getItem("blocopro.session") || "null"); kind = session.kind; } catch (e) {}
  if (path.indexOf("/platform") === 0) return;
  var screens = ${JSON.stringify(files)}, requests = ${JSON.stringify(early)};
  screen = path === "/login" || kind !== "user" ? "login"
    : path === "/" || path.indexOf("/chat") === 0 ? (/[?&]c=/.test(location.search) ? "thread" : "chat")
    : "shell";
  files = screens[screen];
  files.scripts.forEach(function (href) { preload("modulepreload", href); });
  files.styles.forEach(function (href) { preload("preload", href, "style"); });
  early = requests[screen];
  // A token about to expire is refreshed by the app first; another tab, queue or label lists other conversations.
  if (!early || !(session.expiresAt - Date.now() > 30000) || /[?&](kind|queue|label)=/.test(location.search)) return;
  var asked = window.blocoproEarly = { token: session.accessToken, answers: {}, data: {} };
  early.forEach(function (request) {
    var answer = fetch(request, { headers: { Authorization: "Bearer " + session.accessToken } });
    asked.answers[request] = answer;
    // Read as it arrives (a copy: the app may take the answer itself), for the app to find before it renders.
    answer.then(function (response) { return response.ok ? response.clone().json() : undefined; })
      .then(function (data) { if (data !== undefined && asked.answers[request]) asked.data[request] = data; }, function () {});
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
