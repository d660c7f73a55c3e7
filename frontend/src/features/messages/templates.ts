// WhatsApp templates and the Cloud API's 24-hour customer-service window, as the composer needs them: a template's
// header and body filled with the values typed so far (the live preview), whether everything the template takes
// (body, header text or file, button values) is there, and whether a conversation's window is open.

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

/** What the form needs of a template (a subset of the API's `MessageTemplate`). */
export interface TemplateShape {
  parameter_count: number;
  header_parameter_count: number;
  header_media?: string | null;
  sendable: boolean;
  buttons: { index: number; parameter?: string | null; parameter_required: boolean }[];
}

/** What a template is sent with, as typed so far: body and header values, button values by index, the header's file. */
export interface TemplateValues {
  parameters: string[];
  header: string[];
  buttons: Record<number, string>;
  file: File | null;
}

/** Empty values for each placeholder of `template` (none when there is no template). */
export function emptyValues(template: TemplateShape | null): TemplateValues {
  const blanks = (count: number) => Array.from({ length: count }, () => "");
  return {
    parameters: blanks(template?.parameter_count ?? 0),
    header: blanks(template?.header_parameter_count ?? 0),
    buttons: {},
    file: null,
  };
}

/** The buttons that take a value, in order (a dynamic link's end, a quick reply's payload, a coupon code). */
export function buttonsTakingValues<T extends TemplateShape["buttons"][number]>(buttons: readonly T[]): T[] {
  return buttons.filter((button) => button.parameter);
}

/** Whether everything `template` needs has a value: body and header placeholders, its header's file, the required
 * buttons; and whether BlocoPro can send it at all. */
export function templateReady(template: TemplateShape, values: TemplateValues): boolean {
  return (
    template.sendable &&
    parametersComplete(values.parameters, template.parameter_count) &&
    parametersComplete(values.header, template.header_parameter_count) &&
    (!template.header_media || values.file !== null) &&
    template.buttons.every((button) => !button.parameter_required || (values.buttons[button.index] ?? "").trim() !== "")
  );
}

/** The button values to send: those typed (blank optional ones left out), by index. */
export function buttonParameters(values: TemplateValues): { index: number; value: string }[] {
  return Object.entries(values.buttons)
    .filter(([, value]) => value.trim() !== "")
    .map(([index, value]) => ({ index: Number(index), value }))
    .sort((a, b) => a.index - b.index);
}

/** A conversation's window: `none` for channels without one (all but the Cloud API), else open or closed at `now`. */
export type CustomerWindow = "none" | "open" | "closed";

export function customerWindow(closesAt: string | null | undefined, now: number): CustomerWindow {
  if (!closesAt) return "none";
  return Date.parse(closesAt) > now ? "open" : "closed";
}
