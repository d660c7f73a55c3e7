import { describe, expect, it } from "vitest";

import { allSelected, matching, selectable, toggle, toggleAll, whyNoGroups } from "./selection";

const candidate = (external_id: string, subject: string, already_imported = false) => ({
  external_id,
  subject,
  participant_count: 3,
  own_number_is_admin: false,
  already_imported,
  imported_group_id: already_imported ? "00000000-0000-7000-8000-000000000000" : null,
});

const groups = [
  candidate("1@g.us", "Vendas São Paulo"),
  candidate("2@g.us", "Avisos", true),
  candidate("3@g.us", "Suporte"),
];

describe("group import selection", () => {
  it("never offers groups imported already", () => {
    expect(selectable(groups).map((group) => group.external_id)).toEqual(["1@g.us", "3@g.us"]);
  });

  it("toggles one group", () => {
    const one = toggle(new Set(), "1@g.us");
    expect([...one]).toEqual(["1@g.us"]);
    expect([...toggle(one, "1@g.us")]).toEqual([]);
  });

  it("selects all shown, then clears them", () => {
    const all = toggleAll(new Set(), groups);
    expect([...all].sort()).toEqual(["1@g.us", "3@g.us"]);
    expect(allSelected(all, groups)).toBe(true);
    expect([...toggleAll(all, groups)]).toEqual([]);
  });

  it("keeps selections outside the shown ones when selecting all of a search", () => {
    const chosen = toggle(new Set(), "3@g.us");
    const shown = matching(groups, "vendas");
    expect([...toggleAll(chosen, shown)].sort()).toEqual(["1@g.us", "3@g.us"]);
  });

  it("searches in any case and without accents", () => {
    expect(matching(groups, "SAO").map((group) => group.external_id)).toEqual(["1@g.us"]);
    expect(matching(groups, "  ")).toHaveLength(3);
  });
});

describe("the channels the import wizard offers", () => {
  const capabilities = (groups: boolean) => ({
    groups,
    create_group: groups,
    qr_pairing: groups,
    send_text: true,
    receipts: true,
  });

  it("let a connected QR Code number be chosen", () => {
    expect(whyNoGroups({ capabilities: capabilities(true), status: "connected" })).toBeNull();
  });

  it("show a Cloud API number disabled: it has no groups, connected or not", () => {
    expect(whyNoGroups({ capabilities: capabilities(false), status: "connected" })).toBe("noGroupSupport");
  });

  it("show a QR Code number that is not connected disabled until it is", () => {
    expect(whyNoGroups({ capabilities: capabilities(true), status: "pairing" })).toBe("notConnected");
    expect(whyNoGroups({ capabilities: capabilities(true), status: "logged_out" })).toBe("notConnected");
  });
});
