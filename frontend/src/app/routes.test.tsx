import type { RouteObject } from "react-router";
import { describe, expect, it } from "vitest";

import { routes } from "./routes";

function everyRoute(list: RouteObject[]): RouteObject[] {
  return list.flatMap((route) => [route, ...everyRoute(route.children ?? [])]);
}

describe("routes", () => {
  it("load each lazy screen's module and component", async () => {
    const lazy = everyRoute(routes).filter((route) => typeof route.lazy === "function");
    expect(lazy.length).toBeGreaterThan(15);
    for (const route of lazy) {
      const loaded = await (route.lazy as () => Promise<RouteObject>)();
      expect(typeof loaded.Component, route.path).toBe("function");
    }
  });

  it("load the login page as a screen of its own (the first-screen script preloads it)", () => {
    const login = routes.find((route) => route.path === "/login");
    expect(typeof login?.lazy).toBe("function");
    expect(login?.hydrateFallbackElement).toBeDefined();
  });
});
