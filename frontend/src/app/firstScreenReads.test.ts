import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { describe, expect, it } from "vitest";

import { conversationPageQuery } from "../features/conversations/api";
import { filtersOf, listAt } from "../features/conversations/routes/ChatPage";
import { FIRST_SCREEN_READS } from "./firstScreenReads";

describe("the Chat's first reads", () => {
  it("are the list the plain /chat asks for, as the API client writes its address", () => {
    const { kind, queue, label } = listAt(new URLSearchParams(""));
    const url = createFinalURL("/api/v1/conversations", {
      baseUrl: "",
      params: { query: conversationPageQuery(filtersOf(kind, queue, undefined, label)) },
      querySerializer: createQuerySerializer(),
      pathSerializer: defaultPathSerializer,
    });
    expect(FIRST_SCREEN_READS.chat).toContain(url);
    expect(FIRST_SCREEN_READS.thread).toContain(url);
  });
});
