// What the rules share: the Gatehouse Deployments of a render with their settings and environment, the
// containers of every Deployment, what counts as a secret's name, the profiles.
import { describe, environment, gatehouseServiceOf, ofKind, pods, selectsMap, containerPort } from "../manifests.mjs";
import { settingsOf } from "../settings.mjs";

export const BOTH = ["dev", "production"];
export const PRODUCTION = ["production"];

/** Names that hold secrets: they must come from a Secret through secretKeyRef. */
export const SECRET_NAME = /(^|_)(SECRET|PASSWORD|PASSWD|KEY_ENCRYPTION_KEY|PRIVATE_KEY|CREDENTIALS|API_KEY)(_|$)|(^|_)TOKEN$/;

/** A kustomize generator's content hash at the end of a name. */
export const HASH_SUFFIX = /-[2456789bcdfghkmt]{10}$/;

/** The Gatehouse Deployments of a render, each with its container, service name, settings and environment. */
export function gatehouse(documents) {
  return ofKind(documents, "Deployment").flatMap((deployment) => {
    const service = gatehouseServiceOf(deployment);
    const container = (deployment.spec?.template?.spec?.containers ?? []).find((candidate) => candidate.name === service)
      ?? deployment.spec?.template?.spec?.containers?.[0];
    return service && container ? [{ deployment, service, container, pod: deployment.spec.template.spec, env: environment(container, documents), settings: settingsOf(service) }] : [];
  });
}

export function value(env, name) {
  return env.get(name)?.value;
}

export function effectivePort(env, variable, fallback) {
  const configured = value(env, variable);
  return configured !== undefined ? Number(configured) : fallback;
}

export function containersOf(documents) {
  return ofKind(documents, "Deployment").flatMap((deployment) => (deployment.spec?.template?.spec?.containers ?? [])
    .map((container) => ({ deployment, pod: deployment.spec.template.spec, container, where: `${describe(deployment)} container ${container.name}` })));
}

/** Pods that a Service's selector picks, and the container port a Service port's targetPort means there. */
export function serviceTargets(documents, service) {
  return pods(documents).filter((pod) => selectsMap(service.spec?.selector, pod.labels));
}

export function targetPort(pod, servicePort) {
  return containerPort(pod.spec, servicePort.targetPort ?? servicePort.port);
}
