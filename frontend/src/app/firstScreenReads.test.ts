import { createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { describe, expect, it } from "vitest";

import { conversationPageQuery } from "../features/conversations/api";
import { plainChatFilters } from "../features/conversations/queues";
import { FIRST_SCREEN_READS } from "./firstScreenReads";

describe("the Chat's first reads", () => {
  it("are the list the plain /chat asks for, as the API client writes its address", () => {
    const url = createFinalURL("/api/v1/conversations", {
      baseUrl: "",
      params: { query: conversationPageQuery(plainChatFilters()) },
      querySerializer: createQuerySerializer(),
      pathSerializer: defaultPathSerializer,
    });
    expect(FIRST_SCREEN_READS.chat).toContain(url);
    expect(FIRST_SCREEN_READS.thread).toContain(url);
  });
});
