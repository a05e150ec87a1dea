/**
 * What `cluster.rollout("status", …)` returns: kubectl's lines as it watched the rollout, with the
 * simulated time each first appeared, and whether it finished.
 */
import type { RolloutStatusRecord } from "../sim/index.js";
import { Text } from "./text.js";

/**
 * `kubectl rollout status` over simulated time. `text` is what kubectl prints (its error last when
 * the rollout did not finish); `lines` adds when each line appeared; `done` says whether it finished.
 *
 * @example cluster.rollout("status", "deployment/api").done
 */
export class RolloutStatus extends Text {
  readonly done: boolean;
  readonly lines: RolloutStatusRecord["lines"];
  readonly error: string | undefined;

  constructor(r: RolloutStatusRecord) {
    super([...r.lines.map((l) => l.text), ...(r.error ? [r.error] : [])].join("\n"));
    this.done = r.done;
    this.lines = r.lines;
    this.error = r.error;
  }
}
