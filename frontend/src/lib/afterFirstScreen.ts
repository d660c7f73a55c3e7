// What a screen does not show at first (a conversation's thread, the account menu) is loaded after the first
// screen: once the page has loaded, a moment has passed and the browser is idle, so that it never competes with
// what the first screen fetches and runs.

/** How long after the page's `load` the wait for an idle moment starts. */
export const SETTLE_MS = 1500;

type Scheduler = {
  readyState: () => DocumentReadyState;
  onLoad: (run: () => void) => () => void;
  setTimeout: (run: () => void, ms: number) => () => void;
  onIdle: (run: () => void) => () => void;
};

const browser: Scheduler = {
  readyState: () => document.readyState,
  onLoad: (run) => {
    window.addEventListener("load", run, { once: true });
    return () => window.removeEventListener("load", run);
  },
  setTimeout: (run, ms) => {
    const timer = window.setTimeout(run, ms);
    return () => window.clearTimeout(timer);
  },
  onIdle: (run) => {
    if (typeof window.requestIdleCallback !== "function") return browser.setTimeout(run, 0);
    const handle = window.requestIdleCallback(run, { timeout: 2000 });
    return () => window.cancelIdleCallback(handle);
  },
};

/** Runs `load` after the first screen (see above); the returned function cancels it if it has not run yet. */
export function afterFirstScreen(load: () => unknown, scheduler: Scheduler = browser): () => void {
  let cancel = () => {};
  const idle = () => {
    cancel = scheduler.onIdle(() => {
      cancel = () => {};
      void load();
    });
  };
  const settle = () => {
    cancel = scheduler.setTimeout(idle, SETTLE_MS);
  };
  if (scheduler.readyState() === "complete") settle();
  else cancel = scheduler.onLoad(settle);
  return () => cancel();
}
