// The API reads of the Chat's first screen at its plain address (/chat: Conversas, Pendentes), as the app asks for
// them: the first-screen script asks for them while the app downloads (firstScreenPreload.ts), and the app puts
// what has arrived into its cache before it renders (seedFirstScreen.ts) or takes the answer later (api/early.ts).
// firstScreenReads.test.ts checks that the app still asks for these.

/** Who is signed in, which every signed-in screen reads. */
export const ME_READ = "/api/v1/me";
export const LABELS_READ = "/api/v1/labels";
/** The plain /chat's list: the first page of Pendentes. */
export const PLAIN_CHAT_LIST_READ = "/api/v1/conversations?kind=direct&status=pending&limit=50";

export const FIRST_SCREEN_READS = {
  chat: [ME_READ, LABELS_READ, PLAIN_CHAT_LIST_READ],
  thread: [ME_READ, LABELS_READ, PLAIN_CHAT_LIST_READ],
  shell: [ME_READ],
};
