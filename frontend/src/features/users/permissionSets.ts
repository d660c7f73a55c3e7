// Permission keys and linked ids compared as sets (the API gives them in its own order).
import type { Schemas } from "../../api/client";

type Permission = Schemas["Permission"];
type RoleInfo = Schemas["RoleInfo"];

/** The same members, in any order. */
export function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((item) => right.has(item));
}

export const sameKeys: (a: readonly Permission[], b: readonly Permission[]) => boolean = sameSet;
export const sameIds: (a: readonly string[], b: readonly string[]) => boolean = sameSet;

/** The preset whose keys are exactly `keys`, if any. */
export function matchingRole(roles: readonly RoleInfo[], keys: readonly Permission[]): RoleInfo | undefined {
  return roles.find((role) => sameKeys(role.permissions, keys));
}
