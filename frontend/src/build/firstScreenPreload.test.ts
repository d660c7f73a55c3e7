import { describe, expect, it } from "vitest";

import { firstScreenPreload } from "../../firstScreenPreload";

/** A chunk as Vite hands it to the plugin. */
function chunk(fileName: string, imports: string[], modules: string[], css: string[] = []) {
  return {
    type: "chunk",
    isEntry: false,
    fileName,
    imports,
    facadeModuleId: modules[0] ?? null,
    moduleIds: modules,
    viteMetadata: { importedCss: new Set(css) },
  };
}

const BUNDLE = Object.fromEntries(
  [
    { ...chunk("assets/index.js", ["assets/react.js", "assets/mantine.js"], ["/p/src/main.tsx"]), isEntry: true },
    chunk("assets/react.js", [], []),
    chunk("assets/mantine.js", ["assets/react.js"], [], ["assets/mantine.css"]),
    chunk("assets/mantine-chat.js", ["assets/mantine.js"], [], ["assets/mantine-chat.css"]),
    chunk(
      "assets/chat-screen.js",
      ["assets/mantine-chat.js", "assets/react.js"],
      ["/p/src/app/AppLayout.tsx", "/p/src/ChatPage.tsx"],
      ["assets/chat-screen.css"],
    ),
    chunk("assets/login.js", ["assets/mantine.js"], ["/p/src/LoginPage.tsx"]),
  ].map((each) => [each.fileName, each]),
);

const HTML = `<head><script type="module" crossorigin src="/assets/index.js"></script>
<link rel="stylesheet" crossorigin href="/assets/mantine.css"></head>`;

const EARLY = { chat: ["/api/v1/me", "/api/v1/conversations?kind=direct&limit=50"], shell: ["/api/v1/me"] };

function build() {
  const plugin = firstScreenPreload(
    {
      login: ["src/LoginPage.tsx"],
      chat: ["src/app/AppLayout.tsx", "src/ChatPage.tsx"],
      thread: ["src/ChatPage.tsx"],
      shell: ["src/app/AppLayout.tsx"],
    },
    EARLY,
  );
  (plugin.configResolved as (config: { base: string }) => void)({ base: "/" });
  let source = "";
  const context = {
    emitFile: (file: { source: string }) => {
      source = file.source;
      return "ref";
    },
    getFileName: () => "assets/first-screen.js",
  };
  const hook = plugin.transformIndexHtml as { handler: (...args: unknown[]) => unknown[] };
  const tags = hook.handler.call(context, HTML, { bundle: BUNDLE });
  return { tags, source };
}

/** Runs the first-screen script at `path` with `session`: the links it adds, in order, and the API requests it
 * makes. */
function run(source: string, path: string, session: object | null) {
  return runWithRequests(source, path, session).links;
}

function runWithRequests(source: string, path: string, session: object | null) {
  const requests: { url: string; authorization: string }[] = [];
  const fetch = (url: string, init: { headers: Record<string, string> }) => {
    requests.push({ url, authorization: init.headers.Authorization ?? "" });
    return Promise.resolve(new Response("{}"));
  };
  const window: {
    blocoproEarly?: { token: string; answers: Record<string, unknown>; data: Record<string, unknown> };
  } = {};
  const links: { rel: string; href: string; as?: string }[] = [];
  const document = {
    createElement: () => ({ rel: "", href: "" }),
    head: {
      appendChild: ({ rel, href, as }: { rel: string; href: string; as?: string }) =>
        links.push(as ? { rel, href, as } : { rel, href }),
    },
  };
  const [pathname, search = ""] = path.split("?");
  const localStorage = { getItem: () => (session ? JSON.stringify(session) : null) };
  new Function("document", "location", "localStorage", "window", "fetch", source)(
    document,
    { pathname, search: `?${search}` },
    localStorage,
    window,
    fetch,
  );
  return { links, requests, early: window.blocoproEarly };
}

const FRESH = { kind: "user", accessToken: "token", expiresAt: Date.now() + 600_000 };

describe("firstScreenPreload", () => {
  it("adds its script first in the page", () => {
    expect(build().tags).toEqual([
      { tag: "script", attrs: { src: "/assets/first-screen.js" }, injectTo: "head-prepend" },
    ]);
  });

  it("preloads the Chat's chunks, and fetches its style sheets (not the entry's) without applying them", () => {
    const links = run(build().source, "/chat", { kind: "user" });
    expect(links.filter((link) => link.rel === "preload")).toEqual([
      { rel: "preload", href: "/assets/mantine-chat.css", as: "style" },
      { rel: "preload", href: "/assets/chat-screen.css", as: "style" },
    ]);
    const scripts = links.filter((link) => link.rel === "modulepreload").map((link) => link.href);
    expect(scripts).toEqual(
      expect.arrayContaining(["/assets/chat-screen.js", "/assets/mantine-chat.js", "/assets/mantine.js"]),
    );
    expect(scripts).not.toContain("/assets/login.js");
    expect(links.some((link) => link.rel === "stylesheet")).toBe(false);
  });

  it("preloads the login page's chunks for a visitor without a session", () => {
    const links = run(build().source, "/chat", null);
    expect(links.map((link) => link.href)).toContain("/assets/login.js");
    expect(links.filter((link) => link.rel === "preload")).toEqual([]);
  });

  it("asks the API for the first screen's data with the session's token, for the app to take", async () => {
    const { requests, early } = runWithRequests(build().source, "/chat", FRESH);
    expect(requests).toEqual(EARLY.chat.map((url) => ({ url, authorization: "Bearer token" })));
    expect(early?.token).toBe("token");
    expect(Object.keys(early?.answers ?? {})).toEqual(EARLY.chat);
    // Each answer's data is read as it arrives, for the app to find before it renders.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(early?.data).toEqual(Object.fromEntries(EARLY.chat.map((url) => [url, {}])));
    expect(runWithRequests(build().source, "/contacts", FRESH).requests.map((request) => request.url)).toEqual([
      "/api/v1/me",
    ]);
  });

  it("asks nothing early for the login page, a token about to expire, or a Chat address naming a queue", () => {
    const source = build().source;
    expect(runWithRequests(source, "/login", null).requests).toEqual([]);
    expect(runWithRequests(source, "/chat", { ...FRESH, expiresAt: Date.now() + 10_000 }).requests).toEqual([]);
    const queue = runWithRequests(source, "/chat?queue=mine", FRESH);
    expect(queue.requests).toEqual([]);
    expect(queue.early).toBeUndefined();
    expect(queue.links.map((link) => link.href)).toContain("/assets/chat-screen.js");
  });

  it("leaves the platform's pages to the router", () => {
    expect(run(build().source, "/platform", { kind: "operator" })).toEqual([]);
  });
});
