import type { Schemas } from "../../api/client";

type Candidate = Schemas["GroupCandidate"];
type Channel = Schemas["ChannelView"];

/** Why a channel cannot list its groups, or null when it can: only numbers connected by QR Code have groups
 * (the official Cloud API gives no access to them), and the number must be connected to be read. */
export function whyNoGroups(
  channel: Pick<Channel, "capabilities" | "status">,
): "noGroupSupport" | "notConnected" | null {
  if (!channel.capabilities.groups) return "noGroupSupport";
  if (channel.status !== "connected") return "notConnected";
  return null;
}

/** Candidates that can still be ticked: the ones not imported yet. */
export function selectable(candidates: Candidate[]): Candidate[] {
  return candidates.filter((candidate) => !candidate.already_imported);
}

export function toggle(selected: ReadonlySet<string>, externalId: string): Set<string> {
  const next = new Set(selected);
  if (!next.delete(externalId)) next.add(externalId);
  return next;
}

/** Whether every selectable candidate shown is ticked. */
export function allSelected(selected: ReadonlySet<string>, shown: Candidate[]): boolean {
  const open = selectable(shown);
  return open.length > 0 && open.every((candidate) => selected.has(candidate.external_id));
}

/** "Selecionar todos" ticks every selectable candidate shown, or unticks them when all already are. */
export function toggleAll(selected: ReadonlySet<string>, shown: Candidate[]): Set<string> {
  const next = new Set(selected);
  const open = selectable(shown);
  if (allSelected(selected, shown)) open.forEach((candidate) => next.delete(candidate.external_id));
  else open.forEach((candidate) => next.add(candidate.external_id));
  return next;
}

/** The candidates whose subject contains `search`, in any case and ignoring accents. */
export function matching(candidates: Candidate[], search: string): Candidate[] {
  const fold = (text: string) =>
    text
      .normalize("NFD")
      .replace(/\p{Diacritic}/gu, "")
      .toLowerCase();
  const wanted = fold(search.trim());
  return wanted ? candidates.filter((candidate) => fold(candidate.subject).includes(wanted)) : candidates;
}
