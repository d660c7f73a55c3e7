// How the tab asks for attention: a browser notification (once the attendant has allowed them), a short chime
// (unless switched off) and the count of conversations asking for it in the tab's title.

const SOUND_SETTING = "blocopro.notifications.sound";

/** The chime plays unless the attendant switched it off in this browser. */
export function soundOn(): boolean {
  return localStorage.getItem(SOUND_SETTING) !== "off";
}

export function setSoundOn(on: boolean): void {
  localStorage.setItem(SOUND_SETTING, on ? "on" : "off");
}

/** What the browser says of notifications: unsupported, not asked yet, allowed or blocked. */
export function notificationPermission(): NotificationPermission | "unsupported" {
  return "Notification" in window ? Notification.permission : "unsupported";
}

/** Asks the browser (which shows its own prompt, once); answers what the attendant chose. */
export async function askNotificationPermission(): Promise<NotificationPermission | "unsupported"> {
  if (!("Notification" in window)) return "unsupported";
  return Notification.requestPermission();
}

/** A browser notification that brings the tab forward and opens `conversationId` when clicked; one per
 * conversation at a time (a newer one replaces it). */
export function notify(title: string, body: string, conversationId: string, open: (id: string) => void): void {
  if (notificationPermission() !== "granted") return;
  const notification = new Notification(title, { body, tag: conversationId });
  notification.onclick = () => {
    window.focus();
    open(conversationId);
    notification.close();
  };
}

let audio: AudioContext | null = null;

/** Two soft notes, a fifth of a second: synthesised, so there is no sound file to load. */
export function chime(): void {
  if (!soundOn() || typeof AudioContext === "undefined") return;
  audio ??= new AudioContext();
  const start = audio.currentTime;
  [880, 1320].forEach((frequency, index) => {
    const tone = audio!.createOscillator();
    const volume = audio!.createGain();
    const at = start + index * 0.1;
    tone.frequency.value = frequency;
    volume.gain.setValueAtTime(0.0001, at);
    volume.gain.exponentialRampToValueAtTime(0.15, at + 0.01);
    volume.gain.exponentialRampToValueAtTime(0.0001, at + 0.1);
    tone.connect(volume).connect(audio!.destination);
    tone.start(at);
    tone.stop(at + 0.1);
  });
}

/** The tab's title with how many conversations ask for attention: "(3) BlocoPro". */
export function titleWithCount(base: string, count: number): string {
  return count > 0 ? `(${count}) ${base}` : base;
}
