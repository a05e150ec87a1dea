/** Hints when an exec names a Pod that was replaced, or a name with a typo. */
import { strict as assert } from "node:assert";
import { PodtalkError } from "../../lib/index.js";
import { apiCluster } from "../internal/api-cluster.js";

const apiPods = (cluster: ReturnType<typeof apiCluster>) =>
  cluster
    .get("pods")
    .rows.map((r) => r["NAME"]!)
    .filter((n) => n.startsWith("api-"));

describe("exec hints for Pods that are gone", () => {
  it("a replaced Pod keeps kubectl's NotFound and says which Pod replaced it and when", () => {
    const cluster = apiCluster();
    cluster.advance("35s");
    const [victim] = apiPods(cluster) as [string];
    const before = new Set(apiPods(cluster));
    cluster.deletePod(victim);
    const replacement = apiPods(cluster).find((n) => !before.has(n))!;
    cluster.advance("60s");
    assert.throws(
      () => cluster.exec(victim, "hostname"),
      (e: unknown) =>
        e instanceof PodtalkError &&
        e.message ===
          `Error from server (NotFound): pods "${victim}" not found (podtalk: ${victim} was replaced by ${replacement} at 45s; use deploy/api to reach the Deployment's current Pod)`,
    );
  });

  it("a typo gets the closest current name", () => {
    const cluster = apiCluster();
    const [name] = apiPods(cluster) as [string];
    const typo = `${name.slice(0, -1)}${name.endsWith("z") ? "y" : "z"}`;
    assert.throws(() => cluster.exec(typo, "hostname"), { message: `Error from server (NotFound): pods "${typo}" not found. Did you mean "${name}"?` });
  });
});
