// The answers the first-screen script (firstScreenPreload.ts) asked the API for while the app was still
// downloading: the API client takes each once, for the same GET with the same token, instead of asking again
// after the app has loaded and rendered. Events sent before the realtime socket listened are not in them: the
// socket's `ready` reads the conversation lists again (realtime/dispatch.ts).

interface Early {
  token: string;
  answers: Record<string, Promise<Response> | undefined>;
  /** The answers that have arrived, read (a successful answer's body). */
  data?: Record<string, unknown>;
}

declare global {
  interface Window {
    blocoproEarly?: Early;
  }
}

/** An answer is for the first screen: one left unused this long after the page opened is not taken any more. */
export const EARLY_FOR_MS = 30_000;

let answeredEarly = false;

/** The early answer to `request`, if the script asked for it; a failed one is asked again. */
export function earlyAnswer(request: Request, now = performance.now()): Promise<Response> | null {
  const early = typeof window === "undefined" ? undefined : window.blocoproEarly;
  if (!early || request.method !== "GET" || now > EARLY_FOR_MS) return null;
  const url = new URL(request.url);
  const key = url.pathname + url.search;
  const answer = early.answers[key];
  if (!answer || url.origin !== window.location.origin) return null;
  if (request.headers.get("Authorization") !== `Bearer ${early.token}`) return null;
  delete early.answers[key];
  delete early.data?.[key];
  answeredEarly = true;
  return answer.catch(() => fetch(request));
}

/** Whether the app took an early answer since the last call. */
export function tookEarlyAnswers(): boolean {
  const took = answeredEarly;
  answeredEarly = false;
  return took;
}

/** The data of the early answer to this path, if it has arrived (successful); its answer is not taken again. */
export function takeEarlyData(path: string, now = performance.now()): unknown {
  const early = typeof window === "undefined" ? undefined : window.blocoproEarly;
  if (!early?.data || !(path in early.data) || now > EARLY_FOR_MS) return undefined;
  const data = early.data[path];
  delete early.data[path];
  delete early.answers[path];
  answeredEarly = true;
  return data;
}
