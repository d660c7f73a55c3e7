// The Chat's tabs and queues, and what each lists: shared by the Chat and by the first screen's early data
// (app/seedFirstScreen.ts), which the app's entry loads, so nothing heavier lives here.
import type { operations } from "../../api/schema";
import { keys } from "../../lib/queryKeys";

export type ConversationFilters = NonNullable<operations["list_conversations"]["parameters"]["query"]>;

/** The cache key of every conversation list; one list's key adds its filters. */
export const conversationListsKey = [...keys.conversations, "list"] as const;

export type Kind = "direct" | "group";
export type Queue = "mine" | "pending" | "open" | "closed" | "all";
export const QUEUES: Queue[] = ["mine", "pending", "open", "closed", "all"];

function queueFilters(kind: Kind, queue: Queue, me: string | undefined): ConversationFilters {
  switch (queue) {
    case "mine":
      return { kind, assigned_to: me };
    case "all":
      return { kind };
    default:
      return { kind, status: queue };
  }
}

/** The conversations a queue lists (`me`: who is signed in, for "Minhas"). */
export function filtersOf(kind: Kind, queue: Queue, me: string | undefined, label: string | null): ConversationFilters {
  const filters = queueFilters(kind, queue, me);
  return label ? { ...filters, label_id: label } : filters;
}

/** The tab, queue and label the Chat's address names; the plain `/chat`: Conversas, Pendentes, every label. */
export function listAt(params: URLSearchParams): { kind: Kind; queue: Queue; label: string | null } {
  const kind: Kind = params.get("kind") === "group" ? "group" : "direct";
  const queue = QUEUES.find((value) => value === params.get("queue")) ?? (kind === "group" ? "all" : "pending");
  return { kind, queue, label: params.get("label") };
}

/** The plain `/chat`'s list (Pendentes), which needs no "me". */
export function plainChatFilters(): ConversationFilters {
  const { kind, queue, label } = listAt(new URLSearchParams());
  return filtersOf(kind, queue, undefined, label);
}
