/**
 * The Vega-Lite v5 JSON schema compiled with ajv: `strictTypes: false` and `allowUnionTypes`
 * because the schema puts `minimum` on union-typed properties, which ajv's strict mode rejects,
 * and the three formats it uses (`uri`, `uri-reference`, `color-hex`) added by hand, since ajv
 * ships none without ajv-formats.
 */
import Ajv from "ajv";
import { createRequire } from "node:module";

/** A validator for Vega-Lite v5 specs; `errors` says what is wrong after a failed call. */
export function vegaLiteValidator() {
  const schema = createRequire(__filename)("vega-lite/build/vega-lite-schema.json") as object;
  const ajv = new Ajv({ strictTypes: false, allowUnionTypes: true });
  ajv.addFormat("uri", true);
  ajv.addFormat("uri-reference", true);
  ajv.addFormat("color-hex", /^#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/);
  return ajv.compile(schema);
}
