import "@mantine/notifications/styles.css";

import { Notifications } from "@mantine/notifications";

/** Loaded by ./Notifications with the first notification. */
export default function NotificationsContainer() {
  return <Notifications position="bottom-right" />;
}
