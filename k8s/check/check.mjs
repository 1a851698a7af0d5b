// The check of k8s/: renders every overlay with kubectl kustomize, validates every document against the
// Kubernetes, CloudNativePG and Prometheus Operator schemas (unknown fields included), applies the
// rules (rules/), and renders every broken fixture under test-fixtures/, each of which must be
// refused by exactly the rule its expect.yaml names, for the reason it names. One line per check, then
// "N passed, N failed"; the exit code is 1 when anything failed.
//
//   node check/check.mjs            every overlay and every fixture
//   node check/check.mjs <dir>...   only these kustomizations (an overlay or a fixture)
//   node check/check.mjs --as production <dir>   <dir> judged as an overlay of that profile (how a
//                                   fixture fails when it is taken for the real thing)
//
// A fixture's expect.yaml: profile (dev or production: which rules apply), rule (the id that must
// refuse it, or "schema"), reason (a part of the message), and optionally also (other rule ids that
// the same mistake may trip).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { parse } from "yaml";
import { K8S_DIR } from "./kubectl.mjs";
import { render } from "./render.mjs";
import { RULES } from "./rules/index.mjs";
import { schemaProblems } from "./schemas.mjs";
import { describe } from "./manifests.mjs";

const OVERLAYS = { dev: join(K8S_DIR, "overlays", "dev"), production: join(K8S_DIR, "overlays", "production") };
const FIXTURES = join(K8S_DIR, "test-fixtures");

/** Every problem of a kustomization judged as `profile`, by rule id ("schema" for the schemas). */
async function judge(directory, profile) {
  const failures = new Map();
  let rendered;
  try {
    rendered = render(directory);
  } catch (error) {
    failures.set("render", [error.message]);
    return { failures, count: 0 };
  }
  const schema = [];
  for (const document of rendered.documents) {
    for (const problem of await schemaProblems(document)) {
      schema.push(`${describe(document)}: ${problem}`);
    }
  }
  if (schema.length) {
    failures.set("schema", schema);
  }
  for (const rule of RULES.filter((candidate) => candidate.profiles.includes(profile))) {
    let problems;
    try {
      problems = rule.check(rendered.documents, { profile, text: rendered.text });
    } catch (error) {
      problems = [`the rule could not be checked: ${error.message}`];
    }
    if (problems.length) {
      failures.set(rule.id, problems);
    }
  }
  return { failures, count: rendered.documents.length };
}

const results = [];

function report(ok, name, details = []) {
  results.push(ok);
  process.stdout.write(`${ok ? "ok  " : "FAIL"} ${name}\n`);
  for (const detail of details) {
    process.stdout.write(`       ${detail}\n`);
  }
}

async function checkOverlay(profile, directory) {
  const { failures, count } = await judge(directory, profile);
  const label = relative(K8S_DIR, directory);
  if (failures.has("render")) {
    report(false, `${label}: renders`, failures.get("render"));
    return;
  }
  report(!failures.has("schema"), `${label}: ${count} documents valid against their schemas, no unknown field`, failures.get("schema"));
  for (const rule of RULES.filter((candidate) => candidate.profiles.includes(profile))) {
    report(!failures.has(rule.id), `${label}: ${rule.id}: ${rule.title}`, failures.get(rule.id));
  }
}

async function checkFixture(directory) {
  const name = `test-fixtures/${basename(directory)}`;
  const expectFile = join(directory, "expect.yaml");
  if (!existsSync(expectFile)) {
    report(false, `${name}: has an expect.yaml (profile, rule, reason)`);
    return;
  }
  let expected;
  try {
    expected = parse(readFileSync(expectFile, "utf8"));
  } catch (error) {
    report(false, `${name}: expect.yaml parses`, [error.message.split("\n")[0]]);
    return;
  }
  if (!expected?.profile || !expected.rule || !expected.reason) {
    report(false, `${name}: expect.yaml names a profile, a rule and a reason`);
    return;
  }
  const { failures } = await judge(directory, expected.profile);
  // Refused by its rule for its reason, and by no other rule than those `also` names (the consequences
  // of the same mistake, such as the probe that a misspelt field leaves out).
  const allowed = [expected.rule, ...(expected.also ?? [])];
  const refusedBy = [...failures.keys()];
  const reasons = failures.get(expected.rule) ?? [];
  const right = refusedBy.every((rule) => allowed.includes(rule)) && reasons.some((reason) => reason.includes(expected.reason));
  const details = right ? [] : [
    `expected: refused by ${allowed.join(" and ")} only, for "${expected.reason}"`,
    ...(refusedBy.length ? [...failures].flatMap(([rule, problems]) => problems.map((problem) => `${rule}: ${problem}`)) : ["it was accepted"]),
  ];
  report(right, `${name}: refused by ${expected.rule}${right ? ` (${reasons.find((reason) => reason.includes(expected.reason))})` : ""}`, details);
}

async function main(targets) {
  if (!targets.length) {
    for (const [profile, directory] of Object.entries(OVERLAYS)) {
      await checkOverlay(profile, directory);
    }
    const fixtures = existsSync(FIXTURES) ? readdirSync(FIXTURES, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => join(FIXTURES, entry.name)).sort() : [];
    if (!fixtures.length) {
      report(false, "test-fixtures/ holds broken fixtures");
    }
    for (const fixture of fixtures) {
      await checkFixture(fixture);
    }
  }
  let judgedAs = null;
  for (const target of targets) {
    if (target === "--as") {
      judgedAs = "next";
      continue;
    }
    if (judgedAs === "next") {
      judgedAs = target;
      continue;
    }
    const directory = resolve(target);
    const profile = judgedAs ?? Object.entries(OVERLAYS).find(([, overlay]) => overlay === directory)?.[0];
    if (profile) {
      await checkOverlay(profile, directory);
    } else {
      await checkFixture(directory);
    }
  }
  const failed = results.filter((ok) => !ok).length;
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  process.exitCode = failed ? 1 : 0;
}

await main(process.argv.slice(2));
