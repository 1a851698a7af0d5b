// Rules on secrets and configuration: secrets only by secretKeyRef, none committed for production,
// ConfigMaps and Secrets generated so that a change rolls the pods.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { K8S_DIR } from "../kubectl.mjs";
import { describe, environment, named, ofKind } from "../manifests.mjs";
import { BOTH, HASH_SUFFIX, PRODUCTION, SECRET_NAME, containersOf, gatehouse } from "./common.mjs";
/** The secrets each service needs in production mode (it refuses to start without them). */
const REQUIRED_SECRETS = {
  "token-service": ["GATEHOUSE_KEY_ENCRYPTION_KEY", "GATEHOUSE_GATEWAY_CLIENT_SECRET_HASH", "GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET_HASH", "SPRING_R2DBC_PASSWORD"],
  gateway: ["GATEHOUSE_GATEWAY_CLIENT_SECRET", "GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET"],
};

export const SECRETS_RULES = [
  {
    id: "secrets-by-reference",
    title: "secrets only through secretKeyRef",
    profiles: BOTH,
    check(documents) {
      const problems = [];
      for (const { container, where } of containersOf(documents)) {
        if ((container.envFrom ?? []).some((source) => source.secretRef)) {
          problems.push(`${where} takes a whole Secret with envFrom: name each variable with secretKeyRef`);
        }
        for (const variable of environment(container, documents).values()) {
          if (SECRET_NAME.test(variable.name) && (variable.from !== "secret" || variable.viaEnvFrom)) {
            problems.push(`${where}: ${variable.name} comes from ${variable.from === "value" ? "a literal value" : `a ${variable.from}`}, not a secretKeyRef`);
          }
        }
      }
      for (const { deployment, service, env } of gatehouse(documents)) {
        for (const name of REQUIRED_SECRETS[service]) {
          if (!env.has(name)) {
            problems.push(`${describe(deployment)} does not set ${name} (production mode refuses to start without it)`);
          }
        }
      }
      for (const configMap of ofKind(documents, "ConfigMap")) {
        for (const key of Object.keys(configMap.data ?? {})) {
          if (SECRET_NAME.test(key.toUpperCase().replace(/[-.]/g, "_"))) {
            problems.push(`${describe(configMap)} holds ${key}, a secret: put it in a Secret`);
          }
        }
      }
      return problems;
    },
  },
  {
    id: "no-secret-values",
    title: "no secret value in the production manifests",
    profiles: PRODUCTION,
    check(documents, { text }) {
      const problems = ofKind(documents, "Secret").map((secret) => `${describe(secret)} is in the manifests: production secrets are created in the cluster beforehand`);
      for (const dummy of developmentSecretValues()) {
        if (text.includes(dummy)) {
          problems.push(`the development overlay's secret value ${dummy.slice(0, 6)}… appears in the production manifests`);
        }
      }
      return problems;
    },
  },
  {
    id: "rollout-on-config-change",
    title: "the ConfigMaps and Secrets in the manifests are generated (a change renames them and rolls the pods)",
    profiles: BOTH,
    check(documents) {
      const problems = [];
      for (const { deployment, pod, container } of containersOf(documents)) {
        const configMaps = [
          ...(container.envFrom ?? []).map((source) => source.configMapRef).filter(Boolean),
          ...(container.env ?? []).map((entry) => entry.valueFrom?.configMapKeyRef).filter(Boolean),
          ...(pod.volumes ?? []).map((volume) => volume.configMap).filter(Boolean),
        ];
        const secrets = [
          ...(container.env ?? []).map((entry) => entry.valueFrom?.secretKeyRef).filter(Boolean),
          ...(pod.volumes ?? []).map((volume) => volume.secret && { name: volume.secret.secretName }).filter(Boolean),
        ];
        for (const reference of configMaps) {
          const configMap = named(documents, "ConfigMap", reference.name);
          if (!configMap && !reference.optional) {
            problems.push(`${describe(deployment)} reads ConfigMap ${reference.name}, which the manifests do not make (a change would not roll the pods)`);
          } else if (configMap && !HASH_SUFFIX.test(reference.name)) {
            problems.push(`${describe(deployment)} reads ConfigMap ${reference.name}, which is not generated (configMapGenerator): a change would not roll the pods`);
          }
        }
        for (const reference of secrets) {
          if (named(documents, "Secret", reference.name) && !HASH_SUFFIX.test(reference.name)) {
            problems.push(`${describe(deployment)} reads Secret ${reference.name}, which is not generated (secretGenerator): a change would not roll the pods`);
          }
        }
      }
      return problems;
    },
  },
];

/** The values of the development overlay's generated secrets (well known, never for production). */
function developmentSecretValues() {
  const directory = join(K8S_DIR, "overlays", "dev", "secrets");
  return readdirSync(directory).filter((file) => file.endsWith(".env")).flatMap((file) => readFileSync(join(directory, file), "utf8").split("\n"))
    .map((line) => line.trim()).filter((line) => line.includes("=") && !line.startsWith("#"))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])
    .filter(([key]) => /password|secret|key/i.test(key)).map(([, secret]) => secret);
}
