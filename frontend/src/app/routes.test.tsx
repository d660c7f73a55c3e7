import { fireEvent, screen } from "@testing-library/react";
import { useState } from "react";
import type { RouteObject } from "react-router";
import { describe, expect, it, vi } from "vitest";

import { renderWithApp } from "../test/render";
import { RouteErrorBoundary } from "./RouteError";
import { AppRoutes, routes, screenOf } from "./routes";

function everyRoute(list: RouteObject[]): RouteObject[] {
  return list.flatMap((route) => [route, ...everyRoute(route.children ?? [])]);
}

describe("routes", () => {
  it("load each lazy screen's module and component", async () => {
    const screens = everyRoute(routes).flatMap((route) => screenOf(route) ?? []);
    expect(screens.length).toBeGreaterThan(15);
    for (const screen of screens) {
      const loaded = await screen.load();
      expect(typeof loaded.default).toBe("function");
    }
  });

  it("load the login page as a screen of its own (the first-screen script preloads it)", () => {
    const login = routes.find((route) => route.path === "/login");
    expect(login && screenOf(login)).not.toBeNull();
  });

  it("show the screen at the address once it has loaded", async () => {
    renderWithApp(<AppRoutes />, undefined, "/login");
    expect(await screen.findByText("Atendimento pelo WhatsApp da sua empresa")).toBeTruthy();
  });
});

function Broken(): never {
  throw new Error("broken screen");
}

/** A screen at /reports that throws, and a link to the Chat. */
function Addresses() {
  const [at, setAt] = useState("/reports");
  return (
    <>
      <button onClick={() => setAt("/chat")}>Chat</button>
      <RouteErrorBoundary resetKey={at}>{at === "/reports" ? <Broken /> : <p>Conversas</p>}</RouteErrorBoundary>
    </>
  );
}

describe("a screen that fails", () => {
  it("shows an apology with a way back until the address changes", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    renderWithApp(<Addresses />);
    expect(screen.getByRole("button", { name: "Recarregar" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Chat" }));
    expect(screen.getByText("Conversas")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Recarregar" })).toBeNull();
    quiet.mockRestore();
  });
});
