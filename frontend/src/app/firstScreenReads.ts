// The API reads of the Chat's first screen at its plain address (/chat: Conversas, Pendentes), as the app asks for
// them: the first-screen script asks for them while the app downloads (firstScreenPreload.ts, api/early.ts).
// firstScreenReads.test.ts checks that the app still asks for these.

/** Who is signed in, which every signed-in screen reads. */
const ME = "/api/v1/me";

export const FIRST_SCREEN_READS = {
  chat: [ME, "/api/v1/labels", "/api/v1/conversations?kind=direct&status=pending&limit=50"],
  thread: [ME, "/api/v1/labels", "/api/v1/conversations?kind=direct&status=pending&limit=50"],
  shell: [ME],
};
