import { useEffect, useLayoutEffect, useRef, useState } from "react";

/** How close to the bottom (in pixels) a reader still counts as reading the newest messages. */
export const BOTTOM_SLACK = 48;

type Scrolled = Pick<HTMLElement, "scrollHeight" | "scrollTop" | "clientHeight">;

/** Whether the scrolled element shows its end (within `BOTTOM_SLACK`). */
export function atBottom(element: Scrolled): boolean {
  return element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK;
}

/**
 * Keeps a scrolled list (a conversation's thread) at its end while what it shows grows — pictures that load, a
 * new message, reactions — unless the reader has scrolled up; scrolling back to the end follows again.
 * `newest`: the newest item's key; when it changes with `follow` (e.g. the reader's own message), the list goes
 * to its end even if the reader had scrolled up.
 * Returns the callback refs for the scrolled element (the viewport) and for its content.
 */
export function useStickToBottom(newest: string | undefined, follow = false) {
  const [viewport, setViewport] = useState<HTMLElement | null>(null);
  const [content, setContent] = useState<HTMLElement | null>(null);
  const pinned = useRef(true);

  useEffect(() => {
    if (!viewport) return;
    const onScroll = () => {
      pinned.current = atBottom(viewport);
    };
    viewport.addEventListener("scroll", onScroll, { passive: true });
    return () => viewport.removeEventListener("scroll", onScroll);
  }, [viewport]);

  useLayoutEffect(() => {
    if (!viewport || !content) return;
    const stick = () => {
      if (pinned.current) viewport.scrollTop = viewport.scrollHeight;
    };
    stick();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(stick);
    observer.observe(content);
    return () => observer.disconnect();
  }, [viewport, content]);

  useLayoutEffect(() => {
    if (!viewport || newest === undefined) return;
    if (follow) pinned.current = true;
    if (pinned.current) viewport.scrollTop = viewport.scrollHeight;
  }, [viewport, newest, follow]);

  return { viewportRef: setViewport, contentRef: setContent };
}
