// Reading a rendered set of documents as Kubernetes would: which pods exist and with which labels,
// what a selector picks, a container's environment (envFrom, env, references to rendered ConfigMaps
// and Secrets, $(VAR) expansion), quantities and durations.

/** The Gatehouse services, by the app.kubernetes.io/name of their Deployment. */
export const GATEHOUSE_SERVICES = ["token-service", "gateway"];

export function ofKind(documents, kind) {
  return documents.filter((document) => document?.kind === kind);
}

export function named(documents, kind, name) {
  return documents.find((document) => document?.kind === kind && document.metadata?.name === name);
}

export function describe(document) {
  return `${document?.kind ?? "?"} ${document?.metadata?.name ?? "?"}`;
}

/** The Gatehouse service a Deployment runs (token-service, gateway), or null. */
export function gatehouseServiceOf(deployment) {
  const name = deployment?.spec?.template?.metadata?.labels?.["app.kubernetes.io/name"];
  return GATEHOUSE_SERVICES.includes(name) ? name : null;
}

/** Every pod the documents make: a Deployment's template, a CloudNativePG Cluster's instances. */
export function pods(documents) {
  const result = [];
  for (const deployment of ofKind(documents, "Deployment")) {
    result.push({ owner: describe(deployment), labels: deployment.spec?.template?.metadata?.labels ?? {}, spec: deployment.spec?.template?.spec ?? {} });
  }
  for (const cluster of ofKind(documents, "Cluster")) {
    // The operator labels every instance pod with its cluster's name.
    result.push({ owner: describe(cluster), labels: { "cnpg.io/cluster": cluster.metadata?.name, "cnpg.io/podRole": "instance" }, spec: null });
  }
  return result;
}

/** Whether a LabelSelector (matchLabels, matchExpressions) picks `labels`; an empty selector picks all. */
export function selects(selector, labels) {
  if (!selector) {
    return false;
  }
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) {
      return false;
    }
  }
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    const ok = operator === "In" ? has && values.includes(labels[key])
      : operator === "NotIn" ? !has || !values.includes(labels[key])
        : operator === "Exists" ? has : operator === "DoesNotExist" ? !has : false;
    if (!ok) {
      return false;
    }
  }
  return true;
}

/** Whether a Service-style selector (a plain map) picks `labels`. */
export function selectsMap(selector, labels) {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([key, value]) => labels[key] === value);
}

function decodeSecretValue(value) {
  return Buffer.from(String(value).replace(/\s/g, ""), "base64").toString("utf8");
}

/** The value of key `key` of the rendered ConfigMap or Secret `name`; undefined when not rendered. */
export function referencedValue(documents, kind, name, key) {
  const source = named(documents, kind, name);
  if (!source) {
    return undefined;
  }
  if (kind === "Secret") {
    if (source.stringData && Object.hasOwn(source.stringData, key)) {
      return String(source.stringData[key]);
    }
    return source.data && Object.hasOwn(source.data, key) ? decodeSecretValue(source.data[key]) : undefined;
  }
  return source.data && Object.hasOwn(source.data, key) ? String(source.data[key]) : undefined;
}

/**
 * A container's environment as the kubelet builds it: envFrom first, then env in order (a later entry
 * wins), $(VAR) expanded from the variables defined before it ($$ is a literal $). Each variable is
 * { name, from: "value" | "configMap" | "secret" | "field" | "resource", ref, value }; value is
 * undefined when it comes from something not rendered here (a Secret made outside).
 */
export function environment(container, documents) {
  const variables = new Map();
  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? "";
    if (source.configMapRef) {
      const configMap = named(documents, "ConfigMap", source.configMapRef.name);
      for (const [key, value] of Object.entries(configMap?.data ?? {})) {
        variables.set(prefix + key, { name: prefix + key, from: "configMap", ref: { name: source.configMapRef.name, key }, value: String(value), viaEnvFrom: true });
      }
    }
    if (source.secretRef) {
      const secret = named(documents, "Secret", source.secretRef.name);
      for (const key of Object.keys({ ...(secret?.data ?? {}), ...(secret?.stringData ?? {}) })) {
        variables.set(prefix + key, { name: prefix + key, from: "secret", ref: { name: source.secretRef.name, key }, value: referencedValue(documents, "Secret", source.secretRef.name, key), viaEnvFrom: true });
      }
    }
  }
  for (const entry of container.env ?? []) {
    const from = entry.valueFrom;
    if (!from) {
      variables.set(entry.name, { name: entry.name, from: "value", value: expand(entry.value ?? "", variables), raw: entry.value ?? "" });
    } else if (from.secretKeyRef) {
      variables.set(entry.name, { name: entry.name, from: "secret", ref: from.secretKeyRef, value: referencedValue(documents, "Secret", from.secretKeyRef.name, from.secretKeyRef.key) });
    } else if (from.configMapKeyRef) {
      variables.set(entry.name, { name: entry.name, from: "configMap", ref: from.configMapKeyRef, value: referencedValue(documents, "ConfigMap", from.configMapKeyRef.name, from.configMapKeyRef.key) });
    } else {
      variables.set(entry.name, { name: entry.name, from: from.fieldRef ? "field" : "resource", value: undefined });
    }
  }
  return variables;
}

/** Kubernetes' $(VAR) expansion of `text` with the variables defined so far. */
export function expand(text, variables) {
  return String(text).replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name) => {
    if (match === "$$") {
      return "$";
    }
    const variable = variables.get(name);
    return variable && variable.value !== undefined ? variable.value : match;
  });
}

/** The names of variables that `text` refers to with $(NAME). */
export function references(text) {
  return [...String(text ?? "").matchAll(/\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g)].map((match) => match[1]);
}

const BINARY = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL = { m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** A Kubernetes quantity ("768Mi", "1Gi", "500m", "1.5") as a number, or NaN. */
export function quantity(text) {
  const match = /^([0-9.]+)(Ki|Mi|Gi|Ti|m|k|M|G|T)?$/.exec(String(text ?? ""));
  if (!match) {
    return NaN;
  }
  const unit = match[2] ?? "";
  return Number(match[1]) * (BINARY[unit] ?? DECIMAL[unit]);
}

/** A Spring Boot duration ("30s", "1m", "500ms", "PT30S", "30" meaning ms) in seconds, or NaN. */
export function durationSeconds(text) {
  const value = String(text ?? "").trim();
  const simple = /^(\d+)(ns|us|ms|s|m|h|d)?$/.exec(value);
  if (simple) {
    const factor = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 }[simple[2] ?? "ms"];
    return Number(simple[1]) * factor;
  }
  const iso = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/i.exec(value);
  return iso ? Number(iso[1] ?? 0) * 3600 + Number(iso[2] ?? 0) * 60 + Number(iso[3] ?? 0) : NaN;
}

/** The container port that `port` (a number or a port name) of a pod's containers means, or undefined. */
export function containerPort(podSpec, port) {
  for (const container of podSpec?.containers ?? []) {
    for (const declared of container.ports ?? []) {
      if (declared.name === port || declared.containerPort === port) {
        return declared;
      }
    }
  }
  return undefined;
}
