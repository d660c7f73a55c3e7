// One realtime WebSocket per tab: opens with the session's token, remembers the last cursor,
// reconnects with backoff asking for what it missed (`?since=`), and ends the session when the
// server says access hours are over.
import { accessToken, apiBaseUrl, endSession } from "../app/session";
import { CLOSE_OUTSIDE_ACCESS_HOURS, CLOSE_UNAUTHORIZED, type RealtimeEvent, reconnectDelay } from "./events";

const PROTOCOL = "blocopro.v1";

function socketUrl(since: number | null): string {
  const base = apiBaseUrl || window.location.origin;
  const url = new URL("/api/v1/realtime", base);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  if (since !== null) url.searchParams.set("since", String(since));
  return url.toString();
}

export class RealtimeConnection {
  private socket: WebSocket | null = null;
  private cursor: number | null = null;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(private readonly onEvent: (event: RealtimeEvent) => void) {}

  start(): void {
    this.stopped = false;
    void this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket?.close(1000);
    this.socket = null;
  }

  private async open(): Promise<void> {
    const token = await accessToken();
    if (this.stopped || token === null) return;
    const socket = new WebSocket(socketUrl(this.cursor), [PROTOCOL, `bearer.${token}`]);
    this.socket = socket;
    socket.onmessage = (message) => this.receive(message.data as string);
    socket.onclose = (close) => this.closed(socket, close);
  }

  private receive(text: string): void {
    const event = JSON.parse(text) as RealtimeEvent;
    this.failures = 0;
    this.cursor = event.cursor;
    this.onEvent(event);
  }

  private closed(socket: WebSocket, close: CloseEvent): void {
    if (this.socket !== socket || this.stopped) return;
    this.socket = null;
    if (close.code === CLOSE_OUTSIDE_ACCESS_HOURS) {
      endSession("expired", {
        type: "urn:blocopro:problem:outside_access_hours",
        title: "Forbidden",
        status: 403,
        detail: close.reason,
        code: "outside_access_hours",
      });
      return;
    }
    // 4001: the next attempt takes a fresh token (or finds the session over).
    const delay = close.code === CLOSE_UNAUTHORIZED ? 0 : reconnectDelay(this.failures);
    this.failures += 1;
    this.retry = setTimeout(() => void this.open(), delay);
  }
}
