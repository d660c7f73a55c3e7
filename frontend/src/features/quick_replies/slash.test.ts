import { describe, expect, it } from "vitest";

import { folded, insertReply, matchingReplies, moved, slashQuery } from "./slash";

const replies = [
  { shortcut: "saudacao", text: "Olá {{primeiro_nome}}!" },
  { shortcut: "pix", text: "Nossa chave Pix é 123." },
  { shortcut: "prazo", text: "Entregamos em até 2 dias úteis." },
  { shortcut: "boas-vindas", text: "Seja bem-vindo à Acme." },
];

describe("slashQuery", () => {
  it("finds a slash at the start or after a space, with what follows it", () => {
    expect(slashQuery("/")).toEqual({ term: "", start: 0 });
    expect(slashQuery("/Pi")).toEqual({ term: "pi", start: 0 });
    expect(slashQuery("Bom dia! /saud")).toEqual({ term: "saud", start: 9 });
    expect(slashQuery("linha\n/boas-vi")).toEqual({ term: "boas-vi", start: 6 });
  });

  it("ignores slashes inside words, dates and finished shortcuts", () => {
    expect(slashQuery("e/ou")).toBeNull();
    expect(slashQuery("Vence em 10/12")).toBeNull();
    expect(slashQuery("/pix ")).toBeNull();
    expect(slashQuery("")).toBeNull();
  });
});

describe("matchingReplies", () => {
  it("lists shortcuts starting with the term first, then those holding it in the shortcut or text", () => {
    expect(matchingReplies(replies, "p").map((reply) => reply.shortcut)).toEqual(["pix", "prazo", "saudacao"]);
    expect(matchingReplies(replies, "").length).toBe(4);
  });

  it("ignores case and accents", () => {
    expect(matchingReplies(replies, "SAUDAÇÃO").map((reply) => reply.shortcut)).toEqual(["saudacao"]);
    expect(matchingReplies(replies, "uteis").map((reply) => reply.shortcut)).toEqual(["prazo"]);
    expect(folded("Útéis")).toBe("uteis");
  });

  it("finds nothing for a term no reply holds", () => {
    expect(matchingReplies(replies, "xyz")).toEqual([]);
  });
});

describe("insertReply", () => {
  it("replaces the slash query with the reply, keeping what came before", () => {
    const text = "Bom dia! /sa";
    expect(insertReply(text, slashQuery(text)!, "Olá Maria!")).toBe("Bom dia! Olá Maria!");
    expect(insertReply("/pix", slashQuery("/pix")!, "Chave 123")).toBe("Chave 123");
  });
});

describe("moved", () => {
  it("wraps around the list", () => {
    expect(moved(0, -1, 3)).toBe(2);
    expect(moved(2, 1, 3)).toBe(0);
    expect(moved(1, 1, 3)).toBe(2);
    expect(moved(0, 1, 0)).toBe(0);
  });
});
