// The greeting-flow form: options are numbered in the order shown, and the menu the contact
// receives is previewed as the server composes it.
import type { Schemas } from "../../api/client";

export type Flow = Schemas["Flow"];
export type FlowRequest = Schemas["FlowRequest"];

export interface FlowOptionValues {
  label: string;
  department_id: string | null;
}

export interface FlowValues {
  enabled: boolean;
  greeting: string;
  retry_text: string;
  options: FlowOptionValues[];
}

export const MAX_OPTIONS = 9;

export function flowValues(flow: Flow): FlowValues {
  return {
    enabled: flow.enabled,
    greeting: flow.greeting,
    retry_text: flow.retry_text,
    options: flow.options.map((option) => ({ label: option.label, department_id: option.department_id })),
  };
}

/** The request for the form: options numbered 1, 2, … as listed; incomplete ones are left out. */
export function flowRequest(values: FlowValues): FlowRequest {
  const complete = values.options.filter((option) => option.label.trim() !== "" && option.department_id !== null);
  return {
    enabled: values.enabled,
    greeting: values.greeting.trim(),
    retry_text: values.retry_text.trim(),
    options: complete.map((option, index) => ({
      number: index + 1,
      label: option.label.trim(),
      department_id: option.department_id!,
    })),
  };
}

/** What the contact reads first: the greeting, a blank line, then "1 - Vendas" lines. */
export function menuPreview(values: FlowValues): string {
  const lines = (flowRequest(values).options ?? []).map((option) => `${option.number} - ${option.label}`);
  return [values.greeting.trim(), "", ...lines].join("\n");
}
