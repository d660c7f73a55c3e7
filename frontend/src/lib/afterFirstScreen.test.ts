import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { SETTLE_MS, afterFirstScreen } from "./afterFirstScreen";

describe("afterFirstScreen", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function scheduler(state: DocumentReadyState) {
    const loads: (() => void)[] = [];
    const idles: (() => void)[] = [];
    return {
      loads,
      idles,
      readyState: () => state,
      onLoad: (run: () => void) => {
        loads.push(run);
        return () => loads.splice(loads.indexOf(run), 1);
      },
      setTimeout: (run: () => void, ms: number) => {
        const timer = setTimeout(run, ms);
        return () => clearTimeout(timer);
      },
      onIdle: (run: () => void) => {
        idles.push(run);
        return () => idles.splice(idles.indexOf(run), 1);
      },
    };
  }

  it("waits for the page's load, a moment, then an idle moment", () => {
    const load = vi.fn();
    const page = scheduler("interactive");
    afterFirstScreen(load, page);
    vi.advanceTimersByTime(10 * SETTLE_MS);
    expect(page.idles).toHaveLength(0);
    page.loads.forEach((run) => run());
    vi.advanceTimersByTime(SETTLE_MS - 1);
    expect(page.idles).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(load).not.toHaveBeenCalled();
    page.idles.forEach((run) => run());
    expect(load).toHaveBeenCalledOnce();
  });

  it("starts with the moment when the page has already loaded", () => {
    const load = vi.fn();
    const page = scheduler("complete");
    afterFirstScreen(load, page);
    expect(page.loads).toHaveLength(0);
    vi.advanceTimersByTime(SETTLE_MS);
    page.idles.forEach((run) => run());
    expect(load).toHaveBeenCalledOnce();
  });

  it("does nothing once cancelled, at any step", () => {
    const load = vi.fn();
    const beforeLoad = scheduler("loading");
    afterFirstScreen(load, beforeLoad)();
    expect(beforeLoad.loads).toHaveLength(0);

    const waiting = scheduler("complete");
    afterFirstScreen(load, waiting)();
    vi.advanceTimersByTime(SETTLE_MS);
    expect(waiting.idles).toHaveLength(0);

    const idle = scheduler("complete");
    const cancel = afterFirstScreen(load, idle);
    vi.advanceTimersByTime(SETTLE_MS);
    cancel();
    expect(idle.idles).toHaveLength(0);
    expect(load).not.toHaveBeenCalled();
  });
});
