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

/** The registration form's own switches ("Ver carteira completa de clientes", "Permitir agenda"): chosen per
 * attendant whatever her profile, so they do not make her profile "Personalizado". */
const FORM_SWITCHES: readonly Permission[] = ["wallet.view_all", "agenda.use"];

const withoutSwitches = (keys: readonly Permission[]) => keys.filter((key) => !FORM_SWITCHES.includes(key));

/** The preset whose keys are `keys`, the registration form's switches aside, if any. */
export function matchingRole(roles: readonly RoleInfo[], keys: readonly Permission[]): RoleInfo | undefined {
  return roles.find((role) => sameKeys(withoutSwitches(role.permissions), withoutSwitches(keys)));
}
