// Validates a rendered document against its schema: the Kubernetes API (kubernetes-models), CloudNativePG
// (@kubernetes-models/cloudnative-pg) and Prometheus Operator (@kubernetes-models/prometheus-operator).
//
// The packages' validators (compiled JSON Schema, as the API server's OpenAPI) do not reject unknown
// fields: Kubernetes' schemas never say additionalProperties: false, the API server drops or refuses
// them by itself. So the document is validated through a proxy that records which properties the
// validator looks up in each object: an object whose schema names properties is read for every one of
// them, a map (labels, resources.limits) is enumerated, a free-form object (x-kubernetes-preserve-
// unknown-fields) is neither. A key of a named-properties object that the validator never asked for is
// a field the schema does not know: `readinessprobe` next to `readinessProbe`, `initdb.databse`.

const PACKAGES = {
  "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

const models = new Map();

/** The model class of `apiVersion`/`kind`, or null when none of the three packages has it. */
export async function modelOf(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (!models.has(key)) {
    models.set(key, await loadModel(apiVersion, kind));
  }
  return models.get(key);
}

async function loadModel(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9]+$/.test(kind)) {
    return null;
  }
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
  const pkg = PACKAGES[group] ?? "kubernetes-models";
  try {
    const module = await import(`${pkg}/${apiVersion}/${kind}`);
    const model = module[kind];
    return model && model.apiVersion === apiVersion && model.kind === kind ? model : null;
  } catch (error) {
    if (error.code === "ERR_MODULE_NOT_FOUND" || error.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
      return null;
    }
    throw error;
  }
}

/**
 * The problems of `document` against its schema, as strings naming the field: no schema for its kind,
 * what the validator refuses, and every field the schema does not know.
 */
export async function schemaProblems(document) {
  const model = await modelOf(document?.apiVersion, document?.kind);
  if (!model) {
    return [`no schema for apiVersion ${document?.apiVersion} kind ${document?.kind} (Kubernetes, CloudNativePG, Prometheus Operator)`];
  }
  const instance = new model(asTheApiServerDecodes(document));
  const objects = [];
  const problems = [];
  try {
    model.prototype.validate.call(recording(instance, "", objects));
  } catch (error) {
    if (!Array.isArray(error.errors)) {
      throw error;
    }
    // Ajv's errors, already in English (runValidateFunc localizes them), one per refused value.
    for (const refused of error.errors) {
      problems.push(`invalid: ${fieldPath(refused.instancePath, "").replace(/\.$/, "") || "(document)"} ${refused.message}`);
    }
  }
  for (const object of objects) {
    if (Array.isArray(object.value) || object.enumerated || object.read.size === 0) {
      continue;
    }
    for (const key of Object.keys(object.value)) {
      if (!object.read.has(key)) {
        problems.push(`unknown field ${fieldPath(object.path, key)}`);
      }
    }
  }
  return problems;
}

/**
 * A Secret's base64 values may be wrapped (kustomize wraps long ones): the API server's base64
 * decoding skips the line breaks, the schema's "byte" format does not, so they go before validation.
 */
function asTheApiServerDecodes(document) {
  if (document.apiVersion !== "v1" || document.kind !== "Secret" || !document.data || typeof document.data !== "object") {
    return document;
  }
  const data = Object.fromEntries(Object.entries(document.data).map(([key, value]) => [key, typeof value === "string" ? value.replace(/[\r\n]/g, "") : value]));
  return { ...document, data };
}

/** A proxy of `value` (and, lazily, of every object under it) that records what is read of it. */
function recording(value, path, objects) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  const record = { value, path, read: new Set(), enumerated: false };
  objects.push(record);
  const children = new Map();
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== "string") {
        return child;
      }
      record.read.add(key);
      if (child === null || typeof child !== "object") {
        return child;
      }
      if (!children.has(key)) {
        children.set(key, recording(child, `${path}/${key}`, objects));
      }
      return children.get(key);
    },
    has(target, key) {
      if (typeof key === "string") {
        record.read.add(key);
      }
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

function fieldPath(path, key) {
  return `${path}/${key}`.slice(1).split("/").map((part, index) => (/^\d+$/.test(part) ? `[${part}]` : (index ? `.${part}` : part))).join("");
}
