import type { Schemas } from "../api/client";

export type Permission = Schemas["Permission"];
export type Me = Schemas["Me"];

/** Whether the signed-in user holds any of `permissions` (administrators hold every key). */
export function can(me: Me | undefined, ...permissions: Permission[]): boolean {
  return !!me && permissions.some((permission) => me.permissions.includes(permission));
}

/** Whether the user may open an area that any of `permissions` opens; none listed opens it to every user. */
export function opens(me: Me | undefined, permissions: readonly Permission[]): boolean {
  return !!me && (permissions.length === 0 || can(me, ...permissions));
}
