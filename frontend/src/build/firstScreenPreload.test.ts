import { describe, expect, it } from "vitest";

import { firstScreenPreload } from "../../firstScreenPreload";

/** A chunk as Vite hands it to the plugin. */
function chunk(fileName: string, imports: string[], modules: string[], css: string[] = []) {
  return {
    type: "chunk",
    fileName,
    imports,
    facadeModuleId: modules[0] ?? null,
    moduleIds: modules,
    viteMetadata: { importedCss: new Set(css) },
  };
}

const BUNDLE = Object.fromEntries(
  [
    chunk("assets/index.js", ["assets/react.js", "assets/mantine.js"], ["/p/src/main.tsx"], ["assets/mantine.css"]),
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

function build() {
  const plugin = firstScreenPreload({
    login: ["src/LoginPage.tsx"],
    chat: ["src/app/AppLayout.tsx", "src/ChatPage.tsx"],
    thread: ["src/ChatPage.tsx"],
    shell: ["src/app/AppLayout.tsx"],
  });
  (plugin.configResolved as (config: { base: string }) => void)({ base: "/" });
  let source = "";
  const context = {
    emitFile: (file: { source: string }) => {
      source = file.source;
      return "ref";
    },
    getFileName: () => "assets/first-screen.js",
  };
  const hook = plugin.transformIndexHtml as { handler: (...args: unknown[]) => { html: string; tags: unknown[] } };
  const result = hook.handler.call(context, HTML, { bundle: BUNDLE });
  return { ...result, source };
}

/** Runs the first-screen script at `path` with `session`: the links it adds, in order. */
function run(source: string, path: string, session: object | null) {
  const links: { rel: string; href: string; blocking: string | null }[] = [];
  const document = {
    createElement: () => {
      const attributes: Record<string, string> = {};
      return {
        rel: "",
        href: "",
        crossOrigin: null,
        setAttribute: (name: string, value: string) => (attributes[name] = value),
        attributes,
      };
    },
    head: {
      appendChild: (link: { rel: string; href: string; attributes: Record<string, string> }) =>
        links.push({ rel: link.rel, href: link.href, blocking: link.attributes.blocking ?? null }),
    },
  };
  const [pathname, search = ""] = path.split("?");
  const localStorage = { getItem: () => (session ? JSON.stringify(session) : null) };
  new Function("document", "location", "localStorage", source)(
    document,
    { pathname, search: `?${search}` },
    localStorage,
  );
  return links;
}

describe("firstScreenPreload", () => {
  it("takes the style sheets out of the page, into the script", () => {
    const { html, tags } = build();
    expect(html).not.toContain("stylesheet");
    expect(html).toContain('src="/assets/index.js"');
    expect(tags).toEqual([{ tag: "script", attrs: { src: "/assets/first-screen.js" }, injectTo: "head-prepend" }]);
  });

  it("links the Chat's chunks, and the entry's styles then the screen's, in order and blocking render", () => {
    const links = run(build().source, "/chat", { kind: "user" });
    const styles = links.filter((link) => link.rel === "stylesheet");
    expect(styles.map((link) => link.href)).toEqual([
      "/assets/mantine.css",
      "/assets/mantine-chat.css",
      "/assets/chat-screen.css",
    ]);
    expect(styles.every((link) => link.blocking === "render")).toBe(true);
    const scripts = links.filter((link) => link.rel === "modulepreload").map((link) => link.href);
    expect(scripts).toEqual(
      expect.arrayContaining(["/assets/chat-screen.js", "/assets/mantine-chat.js", "/assets/mantine.js"]),
    );
    expect(scripts).not.toContain("/assets/login.js");
  });

  it("links the login page's chunks to a visitor without a session, and the entry's styles only", () => {
    const links = run(build().source, "/chat", null);
    expect(links.filter((link) => link.rel === "modulepreload").map((link) => link.href)).toContain("/assets/login.js");
    expect(links.filter((link) => link.rel === "stylesheet").map((link) => link.href)).toEqual(["/assets/mantine.css"]);
  });

  it("links the entry's styles alone on the platform's pages", () => {
    expect(run(build().source, "/platform", { kind: "operator" })).toEqual([
      { rel: "stylesheet", href: "/assets/mantine.css", blocking: "render" },
    ]);
  });
});
