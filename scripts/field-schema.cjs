#!/usr/bin/env node
"use strict";
/**
 * Writes lib/model/generated/field-schema.ts: every field of every kind podtalk accepts
 * (lib/model/kinds.ts), nested types included, read from the kubernetes-types package's .d.ts
 * files with the TypeScript compiler API. `npm run build` runs it before tsc; the output is
 * gitignored. The API server's strict decoding (kubectl --validate=strict, the default since
 * v1.27) refuses any field these types do not declare.
 *
 * Encoding of a field's type: "" a value whose inside is not checked (string, number, boolean,
 * IntOrString, Quantity, Time, RawExtension), "T" an object of type T, "T[]" a list of T, "{T}"
 * a map with free keys whose values are T, "[]" a list of unchecked values, "{}" a map of them.
 */
const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");

const root = path.resolve(__dirname, "..");
const typesDir = path.dirname(require.resolve("kubernetes-types/package.json", { paths: [root] }));
const typesVersion = JSON.parse(fs.readFileSync(path.join(typesDir, "package.json"), "utf8")).version;
const outFile = path.join(root, "lib", "model", "generated", "field-schema.ts");

/** The KINDS table of lib/model/kinds.ts: kind → apiVersion. */
function readKinds() {
  const file = path.join(root, "lib", "model", "kinds.ts");
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const kinds = {};
  sf.forEachChild((node) => {
    if (!ts.isVariableStatement(node)) return;
    for (const d of node.declarationList.declarations) {
      if (d.name.getText(sf) !== "KINDS" || !d.initializer || !ts.isObjectLiteralExpression(d.initializer)) continue;
      for (const p of d.initializer.properties) {
        if (ts.isPropertyAssignment(p) && ts.isStringLiteral(p.initializer)) kinds[p.name.getText(sf).replace(/^"|"$/g, "")] = p.initializer.text;
      }
    }
  });
  if (Object.keys(kinds).length === 0) throw new Error("field-schema: no KINDS found in lib/model/kinds.ts");
  return kinds;
}

/** The .d.ts module (relative to kubernetes-types, no extension) serving an apiVersion. */
function moduleOf(apiVersion) {
  if (apiVersion === "v1") return "core/v1";
  const [group, version] = apiVersion.split("/");
  return `${group.replace(/\.k8s\.io$/, "")}/${version}`;
}

/** Parsed modules: module → { interfaces, aliases, imports }. */
const modules = new Map();
function loadModule(mod) {
  const cached = modules.get(mod);
  if (cached) return cached;
  const file = path.join(typesDir, `${mod}.d.ts`);
  const sf = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
  const info = { sf, interfaces: new Map(), aliases: new Map(), imports: new Map() };
  sf.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) info.interfaces.set(node.name.text, node);
    else if (ts.isTypeAliasDeclaration(node)) info.aliases.set(node.name.text, node.type);
    else if (ts.isImportDeclaration(node) && node.importClause?.namedBindings && ts.isNamedImports(node.importClause.namedBindings)) {
      const from = path.posix.normalize(path.posix.join(path.posix.dirname(mod), node.moduleSpecifier.text));
      for (const el of node.importClause.namedBindings.elements) info.imports.set(el.name.text, from);
    }
  });
  modules.set(mod, info);
  return info;
}

/** Where a type name used in `mod` is declared: { mod, name } . */
function resolveName(mod, name) {
  const info = loadModule(mod);
  if (info.interfaces.has(name) || info.aliases.has(name)) return { mod, name };
  const from = info.imports.get(name);
  if (from) return resolveName(from, name);
  throw new Error(`field-schema: cannot resolve ${name} in ${mod}`);
}

const types = {};
/** Encodes a type node used in `mod` (see the header), registering object types as it goes. */
function encode(mod, node) {
  if (ts.isParenthesizedTypeNode(node)) return encode(mod, node.type);
  if (ts.isArrayTypeNode(node)) return listOf(encode(mod, node.elementType));
  if (ts.isTypeReferenceNode(node)) {
    const name = node.typeName.getText();
    if (name === "Array" && node.typeArguments?.length === 1) return listOf(encode(mod, node.typeArguments[0]));
    if (name === "Record" && node.typeArguments?.length === 2) return mapOf(encode(mod, node.typeArguments[1]));
    const at = resolveName(mod, name);
    const info = loadModule(at.mod);
    const alias = info.aliases.get(at.name);
    if (alias) return encode(at.mod, alias);
    return registerInterface(at.mod, at.name);
  }
  if (ts.isTypeLiteralNode(node)) {
    const index = node.members.find(ts.isIndexSignatureDeclaration);
    if (index && node.members.length === 1) return mapOf(encode(mod, index.type));
    throw new Error(`field-schema: unexpected type literal in ${mod}: ${node.getText()}`);
  }
  // string, number, boolean, literal types and their unions (IntOrString is number | string).
  if (ts.isUnionTypeNode(node) || ts.isLiteralTypeNode(node) || node.kind === ts.SyntaxKind.StringKeyword) return "";
  if (node.kind === ts.SyntaxKind.NumberKeyword || node.kind === ts.SyntaxKind.BooleanKeyword) return "";
  if (node.kind === ts.SyntaxKind.AnyKeyword || node.kind === ts.SyntaxKind.UnknownKeyword || node.kind === ts.SyntaxKind.ObjectKeyword) return "";
  throw new Error(`field-schema: unexpected type in ${mod}: ${node.getText()}`);
}

function listOf(element) {
  return element === "" ? "[]" : `${element}[]`;
}
function mapOf(value) {
  return `{${value}}`;
}

function registerInterface(mod, name) {
  const id = `${mod}.${name}`;
  if (types[id]) return id;
  const decl = loadModule(mod).interfaces.get(name);
  const fields = {};
  types[id] = fields; // before the members: types refer to themselves (JSONSchemaProps, for one)
  const members = decl.members.filter(ts.isPropertySignature);
  // RawExtension and friends declare no properties: their inside is free.
  if (members.length === 0) {
    delete types[id];
    return "";
  }
  for (const m of members) {
    const key = m.name.getText().replace(/^"|"$/g, "");
    fields[key] = m.type ? encode(mod, m.type) : "";
  }
  return id;
}

/**
 * Fields Kubernetes added after the newest kubernetes-types release (1.30.0) and before v1.35,
 * the release podtalk models, in the types reachable from podtalk's kinds: the API server decodes
 * them (even with their feature gate off), so strict decoding accepts them. Each is added only
 * when the package does not declare it yet. Sources: the field's KEP and the release's
 * staging/src/k8s.io/api/core/v1/types.go.
 */
const LATER_FIELDS = {
  // v1.31, KEP-3619 (SupplementalGroupsPolicy); v1.32, KEP-1710 (SELinuxChangePolicy)
  "core/v1.PodSecurityContext": { supplementalGroupsPolicy: "", seLinuxChangePolicy: "" },
  // v1.32, KEP-2837 (PodLevelResources); v1.34, KEP-4762 (HostnameOverride)
  "core/v1.PodSpec": { resources: "core/v1.ResourceRequirements", hostnameOverride: "" },
  // v1.31, KEP-4639 (ImageVolume)
  "core/v1.Volume": { image: "core/v1.ImageVolumeSource" },
  "core/v1.ImageVolumeSource": { reference: "", pullPolicy: "" },
  // v1.33, KEP-4960 (ContainerStopSignals)
  "core/v1.Lifecycle": { stopSignal: "" },
  // v1.34, KEP-5307 (ContainerRestartRules)
  "core/v1.Container": { restartPolicyRules: "core/v1.ContainerRestartRule[]" },
  "core/v1.ContainerRestartRule": { action: "", exitCodes: "core/v1.ContainerRestartRuleOnExitCodes" },
  "core/v1.ContainerRestartRuleOnExitCodes": { operator: "", values: "[]" },
  // v1.34, KEP-3721 (EnvFiles)
  "core/v1.EnvVarSource": { fileKeyRef: "core/v1.FileKeySelector" },
  "core/v1.FileKeySelector": { volumeName: "", path: "", key: "", optional: "" },
};

const kinds = readKinds();
const roots = {};
for (const [kind, apiVersion] of Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b))) {
  roots[kind] = registerInterface(moduleOf(apiVersion), kind);
}
for (const [type, fields] of Object.entries(LATER_FIELDS)) {
  const known = types[type] ?? {};
  for (const [name, encoded] of Object.entries(fields)) if (!(name in known)) known[name] = encoded;
  types[type] = known;
}
// A kind's status is not checked: the API server ignores it on create, and status fields have
// changed since the package's release (observedGeneration, terminatingReplicas, ...).
for (const type of Object.values(roots)) {
  if (types[type] && "status" in types[type]) types[type] = { ...types[type], status: "" };
}
/** The types a kind reaches now that status is left out. */
function reachable() {
  const seen = new Set();
  const visit = (encoded) => {
    let id = encoded;
    while (id.startsWith("{") || id.endsWith("[]")) id = id.startsWith("{") ? id.slice(1, -1) : id.slice(0, -2);
    if (id === "" || seen.has(id) || !types[id]) return;
    seen.add(id);
    for (const e of Object.values(types[id])) visit(e);
  };
  for (const id of Object.values(roots)) visit(id);
  return seen;
}
const keep = reachable();
const sortedTypes = Object.fromEntries(
  Object.entries(types)
    .filter(([id]) => keep.has(id))
    .sort(([a], [b]) => a.localeCompare(b)),
);
const text = `// Generated by scripts/field-schema.cjs from kubernetes-types ${typesVersion} at build time (npm run build); do not edit.
// Field encoding: "" unchecked value, "T" object of type T, "T[]" list of T, "{T}" map of T, "[]" list, "{}" map.

/** The package the field lists come from. */
export const FIELD_SCHEMA_SOURCE = ${JSON.stringify(`kubernetes-types@${typesVersion}`)};

/** The type of each kind podtalk accepts. */
export const KIND_TYPES: Readonly<Record<string, string>> = ${JSON.stringify(roots, null, 2)};

/** Every object type reachable from a kind: its fields and their encoded types. */
export const FIELD_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>> = ${JSON.stringify(sortedTypes)};
`;
fs.mkdirSync(path.dirname(outFile), { recursive: true });
const old = fs.existsSync(outFile) ? fs.readFileSync(outFile, "utf8") : undefined;
// Unchanged output keeps its mtime, so tsc -b stays incremental.
if (old !== text) fs.writeFileSync(outFile, text);
