import { useNotifications } from "@mantine/notifications";
import { lazy, Suspense, useState } from "react";

// Mantine's notification container (its transitions, portal and styles) is loaded with the first notification
// shown, not with the first screen: `notifications.show` only writes to a store, which the container reads once
// it has mounted.
const Container = lazy(() => import("./NotificationsContainer"));

/** The notifications, bottom right (away from the header, where the presence control is). */
export function Notifications() {
  const { notifications, queue } = useNotifications();
  const [needed, setNeeded] = useState(false);
  if (!needed && notifications.length + queue.length > 0) setNeeded(true);
  if (!needed) return null;
  return (
    <Suspense fallback={null}>
      <Container />
    </Suspense>
  );
}
