import { notifications } from "@mantine/notifications";
import type { TFunction } from "i18next";

import { problemMessage } from "./problem";

export function notifyProblem(t: TFunction, error: unknown): void {
  notifications.show({ color: "red", message: problemMessage(t, error) });
}

export function notifyDone(message: string): void {
  notifications.show({ color: "teal", message });
}
