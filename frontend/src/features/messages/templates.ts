// WhatsApp templates and the Cloud API's 24-hour customer-service window, as the composer needs them: a template's
// body filled with the values typed so far (the live preview), and whether a conversation's window is open.

/** A placeholder `{{n}}` of a template's body (spaces inside allowed, as Meta writes them). */
const PLACEHOLDER = /\{\{\s*(\d+)\s*\}\}/g;

/** `body` with each `{{n}}` replaced by the n-th value; an empty or missing value leaves `{{n}}` showing. */
export function fillTemplate(body: string, parameters: readonly string[]): string {
  return body.replace(PLACEHOLDER, (placeholder, n: string) => {
    const value = parameters[Number(n) - 1];
    return value && value.trim() !== "" ? value : placeholder;
  });
}

/** Whether every placeholder has a value that is not blank. */
export function parametersComplete(parameters: readonly string[], count: number): boolean {
  return parameters.length === count && parameters.every((value) => value.trim() !== "");
}

/** A conversation's window: `none` for channels without one (all but the Cloud API), else open or closed at `now`. */
export type CustomerWindow = "none" | "open" | "closed";

export function customerWindow(closesAt: string | null | undefined, now: number): CustomerWindow {
  if (!closesAt) return "none";
  return Date.parse(closesAt) > now ? "open" : "closed";
}
