/**
 * The `zones` and `region` cluster options: which `topology.kubernetes.io/zone` and
 * `topology.kubernetes.io/region` labels the nodes carry. A kubeadm cluster has none (a cloud
 * provider's node controller sets them), so without `zones` no node has them.
 *
 * @see https://kubernetes.io/docs/reference/labels-annotations-taints/#topologykubernetesiozone
 */
import { ErrorCode, PodtalkError } from "../model/errors.js";
import { safeString } from "../model/messages.js";
import { isLabelValue } from "../model/validate/names.js";

/** The region nodes get when `zones` is set and `region` is not. */
export const DEFAULT_REGION = "region-1";

/** The zones nodes are spread over (node N gets zone N mod count), and their region; undefined without zones. */
export interface ResolvedZones {
  readonly zones: readonly string[];
  readonly region: string;
}

/** Checks `zones` and `region`; bad values throw and say what to pass. */
export function resolveZones(zones: unknown, region: unknown): ResolvedZones | undefined {
  if (zones === undefined) {
    if (region !== undefined) {
      throw new PodtalkError(ErrorCode.BadRequest, `A region needs zones: pass both, such as new Cluster({ zones: ["zone-a", "zone-b"], region: "region-1" })`);
    }
    return undefined;
  }
  if (!Array.isArray(zones) || zones.length === 0) {
    const what = Array.isArray(zones) ? "(an empty list)" : typeof zones === "string" ? JSON.stringify(zones) : safeString(zones);
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `Invalid zones ${what}: pass a list of zone names such as ["zone-a", "zone-b"]; nodes are spread over them in order`,
    );
  }
  const seen = new Set<string>();
  for (const z of zones as unknown[]) {
    checkLabelValue("zone", z);
    if (seen.has(z as string)) throw new PodtalkError(ErrorCode.BadRequest, `Duplicate zone "${z as string}": list each zone once`);
    seen.add(z as string);
  }
  const r = region ?? DEFAULT_REGION;
  checkLabelValue("region", r);
  return { zones: [...(zones as string[])], region: r as string };
}

function checkLabelValue(what: "zone" | "region", value: unknown): void {
  const example = what === "zone" ? `"zone-a"` : `"region-1"`;
  if (typeof value !== "string" || value === "") {
    const shown = typeof value === "string" ? JSON.stringify(value) : safeString(value);
    throw new PodtalkError(ErrorCode.BadRequest, `Invalid ${what} ${shown}: a ${what} is a non-empty label value such as ${example}`);
  }
  const problems = isLabelValue(value);
  if (problems.length) {
    throw new PodtalkError(
      ErrorCode.BadRequest,
      `Invalid ${what} "${value.slice(0, 70)}": it becomes a node label value, which ${problems.join(" and ")}; use a name such as ${example}`,
    );
  }
}
