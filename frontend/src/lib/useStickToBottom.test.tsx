import { act, render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { BOTTOM_SLACK, atBottom, useStickToBottom } from "./useStickToBottom";

/** A viewport of 300 px over content of `height` px, as a browser lays them out (jsdom does not). */
class Layout {
  height = 1000;
  observers: ResizeObserverCallback[] = [];
  viewport!: HTMLElement;

  attach(viewport: HTMLElement) {
    if (this.viewport === viewport) return;
    this.viewport = viewport;
    let top = 0;
    Object.defineProperties(viewport, {
      clientHeight: { configurable: true, get: () => 300 },
      scrollHeight: { configurable: true, get: () => this.height },
      scrollTop: {
        configurable: true,
        get: () => top,
        set: (value: number) => {
          top = Math.max(0, Math.min(value, this.height - 300));
        },
      },
    });
  }

  /** The content grows (a picture loaded): the browser tells the resize observers. */
  grow(by: number) {
    this.height += by;
    this.observers.forEach((callback) => callback([], {} as ResizeObserver));
  }

  /** The reader scrolls to `top`. */
  scrollTo(top: number) {
    this.viewport.scrollTop = top;
    this.viewport.dispatchEvent(new Event("scroll"));
  }

  get bottom() {
    return this.viewport.scrollTop + 300 === this.height;
  }
}

let layout: Layout;
const original = window.ResizeObserver;

beforeEach(() => {
  layout = new Layout();
  window.ResizeObserver = class {
    constructor(callback: ResizeObserverCallback) {
      layout.observers.push(callback);
    }
    observe() {}
    unobserve() {}
    disconnect() {
      layout.observers = [];
    }
  } as unknown as typeof ResizeObserver;
});
afterEach(() => {
  window.ResizeObserver = original;
});

function List({ newest, follow = false }: { newest: string; follow?: boolean }) {
  const { viewportRef, contentRef } = useStickToBottom(newest, follow);
  return (
    <div
      data-testid="viewport"
      ref={(element) => {
        if (element) layout.attach(element);
        viewportRef(element);
      }}
    >
      <div ref={contentRef} />
    </div>
  );
}

describe("atBottom", () => {
  it("counts the end within the slack", () => {
    expect(atBottom({ scrollHeight: 1000, clientHeight: 300, scrollTop: 700 })).toBe(true);
    expect(atBottom({ scrollHeight: 1000, clientHeight: 300, scrollTop: 700 - BOTTOM_SLACK })).toBe(true);
    expect(atBottom({ scrollHeight: 1000, clientHeight: 300, scrollTop: 699 - BOTTOM_SLACK })).toBe(false);
  });
});

describe("useStickToBottom", () => {
  it("opens at the end and stays there while the content above grows", () => {
    render(<List newest="m1" />);
    expect(layout.bottom).toBe(true);
    act(() => layout.grow(400));
    expect(layout.bottom).toBe(true);
    act(() => layout.grow(250));
    expect(layout.viewport.scrollTop).toBe(1350);
  });

  it("leaves a reader who scrolled up where they are, and follows again at the end", () => {
    const { rerender } = render(<List newest="m1" />);
    act(() => layout.scrollTo(100));
    act(() => layout.grow(400));
    expect(layout.viewport.scrollTop).toBe(100);
    rerender(<List newest="m2" />);
    expect(layout.viewport.scrollTop).toBe(100);
    act(() => layout.scrollTo(layout.height - 300 - 10));
    act(() => layout.grow(200));
    expect(layout.bottom).toBe(true);
  });

  it("goes to the end for a newest item it must follow (the reader's own message)", () => {
    const { rerender } = render(<List newest="m1" />);
    act(() => layout.scrollTo(0));
    rerender(<List newest="m2" follow />);
    expect(layout.bottom).toBe(true);
  });
});
