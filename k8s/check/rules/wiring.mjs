// Rules on how the objects name each other: selectors, disruption budgets, the services' settings and
// ports, the management port kept to probes and Prometheus.
import {
  containerPort, describe, named, ofKind, pods, selects, selectsMap, references,
} from "../manifests.mjs";
import { propertyOf } from "../settings.mjs";
import { BOTH, effectivePort, gatehouse, serviceTargets, targetPort, value } from "./common.mjs";
export const WIRING_RULES = [
  {
    id: "selectors",
    title: "selectors match pod labels",
    profiles: BOTH,
    check(documents) {
      const problems = [];
      const allPods = pods(documents);
      for (const deployment of ofKind(documents, "Deployment")) {
        const selector = deployment.spec?.selector;
        if (!selector || (!Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length)) {
          problems.push(`${describe(deployment)} has an empty selector`);
        } else if (!selects(selector, deployment.spec?.template?.metadata?.labels ?? {})) {
          problems.push(`${describe(deployment)}: spec.selector does not match its pod template's labels`);
        }
        for (const constraint of deployment.spec?.template?.spec?.topologySpreadConstraints ?? []) {
          if (!selects(constraint.labelSelector, deployment.spec?.template?.metadata?.labels ?? {})) {
            problems.push(`${describe(deployment)}: topology spread on ${constraint.topologyKey} does not select its own pods`);
          }
        }
      }
      for (const service of ofKind(documents, "Service")) {
        const targets = serviceTargets(documents, service);
        if (!targets.length) {
          problems.push(`${describe(service)} selects no pod`);
          continue;
        }
        for (const port of service.spec?.ports ?? []) {
          if (targets.some((pod) => pod.spec && !targetPort(pod, port))) {
            problems.push(`${describe(service)} port ${port.name ?? port.port}: targetPort ${port.targetPort ?? port.port} is no port of the pods it selects`);
          }
        }
      }
      for (const budget of ofKind(documents, "PodDisruptionBudget")) {
        if (!allPods.some((pod) => selects(budget.spec?.selector, pod.labels))) {
          problems.push(`${describe(budget)} selects no pod`);
        }
      }
      for (const autoscaler of ofKind(documents, "HorizontalPodAutoscaler")) {
        const target = autoscaler.spec?.scaleTargetRef ?? {};
        if (!named(documents, target.kind, target.name)) {
          problems.push(`${describe(autoscaler)} scales ${target.kind} ${target.name}, which is not there`);
        }
      }
      for (const policy of ofKind(documents, "NetworkPolicy")) {
        const selector = policy.spec?.podSelector ?? {};
        const selectsAll = !Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length;
        if (!selectsAll && !allPods.some((pod) => selects(selector, pod.labels))) {
          problems.push(`${describe(policy)}: podSelector selects no pod`);
        }
        const peers = [...(policy.spec?.ingress ?? []).flatMap((rule) => rule.from ?? []), ...(policy.spec?.egress ?? []).flatMap((rule) => rule.to ?? [])];
        for (const peer of peers) {
          if (peer.podSelector && !peer.namespaceSelector && !allPods.some((pod) => selects(peer.podSelector, pod.labels))) {
            problems.push(`${describe(policy)}: peer ${JSON.stringify(peer.podSelector.matchLabels ?? peer.podSelector)} selects no pod of the namespace`);
          }
        }
      }
      for (const monitor of ofKind(documents, "ServiceMonitor")) {
        const services = ofKind(documents, "Service").filter((service) => selects(monitor.spec?.selector, service.metadata?.labels ?? {}));
        if (!services.length) {
          problems.push(`${describe(monitor)} selects no Service`);
        }
        for (const endpoint of monitor.spec?.endpoints ?? []) {
          if (services.length && !services.every((service) => (service.spec?.ports ?? []).some((port) => port.name === endpoint.port))) {
            problems.push(`${describe(monitor)}: endpoint port ${endpoint.port} is not a port of the Services it selects`);
          }
        }
      }
      for (const monitor of ofKind(documents, "PodMonitor")) {
        if (!allPods.some((pod) => selects(monitor.spec?.selector, pod.labels))) {
          problems.push(`${describe(monitor)} selects no pod`);
        }
      }
      for (const ingress of ofKind(documents, "Ingress")) {
        for (const path of (ingress.spec?.rules ?? []).flatMap((rule) => rule.http?.paths ?? [])) {
          const backend = path.backend?.service;
          const service = backend && named(documents, "Service", backend.name);
          if (!service || !(service.spec?.ports ?? []).some((port) => port.name === backend.port?.name || port.port === backend.port?.number)) {
            problems.push(`${describe(ingress)}: backend ${backend?.name}:${backend?.port?.name ?? backend?.port?.number} is no Service port`);
          }
        }
      }
      return problems;
    },
  },
  {
    id: "disruption-budget",
    title: "every Deployment and the PostgreSQL cluster have a PodDisruptionBudget",
    profiles: BOTH,
    check(documents) {
      const budgets = ofKind(documents, "PodDisruptionBudget");
      const problems = ofKind(documents, "Deployment")
        .filter((deployment) => !budgets.some((budget) => selects(budget.spec?.selector, deployment.spec?.template?.metadata?.labels ?? {})))
        .map((deployment) => `${describe(deployment)} has no PodDisruptionBudget`);
      for (const cluster of ofKind(documents, "Cluster")) {
        if (cluster.spec?.enablePDB === false) {
          problems.push(`${describe(cluster)}: enablePDB is false, the operator makes no PodDisruptionBudget`);
        }
      }
      return problems;
    },
  },
  {
    id: "settings",
    title: "ports and environment names agree with the services' configuration",
    profiles: BOTH,
    check(documents) {
      const problems = [];
      const services = gatehouse(documents);
      for (const { deployment, container, pod, env, settings } of services) {
        const used = new Set([...env.values()].flatMap((variable) => references(variable.raw)));
        for (const part of [...(container.args ?? []), ...(container.command ?? [])]) {
          references(part).forEach((name) => used.add(name));
        }
        for (const name of env.keys()) {
          if (!propertyOf(settings, name) && !used.has(name)) {
            problems.push(`${describe(deployment)}: ${name} is no setting of the ${settings.service} (${settings.jar.replace(/.*\/(?=[^/]+\/target)/, "")})`);
          }
        }
        for (const [portName, variable, fallback] of [["http", "SERVER_PORT", settings.serverPort], ["management", "MANAGEMENT_SERVER_PORT", settings.managementPort]]) {
          const expected = effectivePort(env, variable, fallback);
          const declared = (container.ports ?? []).find((port) => port.name === portName);
          if (!declared) {
            problems.push(`${describe(deployment)} declares no container port ${portName} (${expected})`);
          } else if (declared.containerPort !== expected) {
            problems.push(`${describe(deployment)}: container port ${portName} is ${declared.containerPort}, the ${settings.service} listens on ${expected}`);
          }
        }
        for (const port of ofKind(documents, "Service").filter((service) => selectsMap(service.spec?.selector, deployment.spec.template.metadata?.labels ?? {})).flatMap((service) => service.spec?.ports ?? [])) {
          if (port.targetPort !== undefined && !containerPort(pod, port.targetPort)) {
            problems.push(`${describe(deployment)}: a Service sends port ${port.port} to ${port.targetPort}, no port of the ${settings.service}`);
          }
        }
      }
      const tokenService = services.find((candidate) => candidate.service === "token-service");
      const gateway = services.find((candidate) => candidate.service === "gateway");
      if (tokenService && gateway) {
        problems.push(...tokenServiceAddressProblems(documents, tokenService, gateway));
        const issuer = value(tokenService.env, "GATEHOUSE_ISSUER");
        for (const name of ["GATEHOUSE_GATEWAY_ISSUER", "GATEHOUSE_GATEWAY_BROWSER_PUBLICORIGIN"]) {
          if (value(gateway.env, name) !== issuer) {
            problems.push(`gateway ${name} is ${value(gateway.env, name)}, the token service's issuer (GATEHOUSE_ISSUER) is ${issuer}`);
          }
        }
        const redirect = value(tokenService.env, "GATEHOUSE_GATEWAY_BROWSER_REDIRECT_URI");
        if (redirect !== `${value(gateway.env, "GATEHOUSE_GATEWAY_BROWSER_PUBLICORIGIN")}/login/callback`) {
          problems.push(`token service GATEHOUSE_GATEWAY_BROWSER_REDIRECT_URI ${redirect} is not the gateway's public origin + /login/callback`);
        }
      }
      if (tokenService) {
        problems.push(...databaseProblems(documents, tokenService));
      }
      if (gateway && value(gateway.env, "SPRING_DATA_REDIS_HOST") !== undefined) {
        const redis = named(documents, "Service", value(gateway.env, "SPRING_DATA_REDIS_HOST"));
        const port = Number(value(gateway.env, "SPRING_DATA_REDIS_PORT") ?? 6379);
        if (!redis || !(redis.spec?.ports ?? []).some((candidate) => candidate.port === port)) {
          problems.push(`gateway SPRING_DATA_REDIS_HOST/PORT ${value(gateway.env, "SPRING_DATA_REDIS_HOST")}:${port} is no Service port`);
        }
      }
      return problems;
    },
  },
  {
    id: "management-port-private",
    title: "the management port only on the metrics Services and the ServiceMonitors",
    profiles: BOTH,
    check(documents) {
      const problems = [];
      for (const { deployment, pod, env, settings, service: name } of gatehouse(documents)) {
        const management = effectivePort(env, "MANAGEMENT_SERVER_PORT", settings.managementPort);
        const labels = deployment.spec.template.metadata?.labels ?? {};
        const services = ofKind(documents, "Service").filter((service) => selectsMap(service.spec?.selector, labels));
        for (const service of services) {
          const metrics = service.metadata?.labels?.["gatehouse.io/metrics"] === "true";
          for (const port of service.spec?.ports ?? []) {
            if (!metrics && containerPort(pod, port.targetPort ?? port.port)?.containerPort === management) {
              problems.push(`${describe(service)} exposes the management port ${management} of the ${name} to clients`);
            }
          }
        }
        const monitored = ofKind(documents, "ServiceMonitor").some((monitor) => services
          .filter((service) => selects(monitor.spec?.selector, service.metadata?.labels ?? {}))
          .some((service) => (monitor.spec?.endpoints ?? []).some((endpoint) => endpoint.path === "/actuator/prometheus"
            && (service.spec?.ports ?? []).some((port) => port.name === endpoint.port && containerPort(pod, port.targetPort ?? port.port)?.containerPort === management))));
        if (!monitored) {
          problems.push(`no ServiceMonitor scrapes /actuator/prometheus on the ${name}'s management port ${management}`);
        }
      }
      return problems;
    },
  },
];

function uri(text) {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** The gateway reaches the token service by a Service that selects it, on the port that leads to its http port. */
function tokenServiceAddressProblems(documents, tokenService, gateway) {
  const problems = [];
  const httpPort = effectivePort(tokenService.env, "SERVER_PORT", tokenService.settings.serverPort);
  for (const name of ["GATEHOUSE_GATEWAY_TOKENSERVICEURI", "GATEHOUSE_GATEWAY_JWKSURI"]) {
    const address = uri(value(gateway.env, name));
    if (!address) {
      problems.push(`gateway ${name} is ${value(gateway.env, name) ?? "unset"}: the token service's Service address is needed`);
      continue;
    }
    const service = named(documents, "Service", address.hostname);
    const port = Number(address.port || (address.protocol === "https:" ? 443 : 80));
    const servicePort = (service?.spec?.ports ?? []).find((candidate) => candidate.port === port);
    if (!service || !selectsMap(service.spec?.selector, tokenService.deployment.spec.template.metadata?.labels ?? {})) {
      problems.push(`gateway ${name} names ${address.hostname}, which is no Service of the token service`);
    } else if (!servicePort || containerPort(tokenService.pod, servicePort.targetPort ?? servicePort.port)?.containerPort !== httpPort) {
      problems.push(`gateway ${name} asks port ${port} of Service ${address.hostname}, which does not lead to the token service's port ${httpPort}`);
    }
  }
  return problems;
}

/** The token service's database is the PostgreSQL cluster's primary, with the application secret's credentials. */
function databaseProblems(documents, tokenService) {
  const problems = [];
  const clusters = ofKind(documents, "Cluster");
  if (clusters.length !== 1) {
    return [`${clusters.length} CloudNativePG Clusters, one expected`];
  }
  const cluster = clusters[0];
  const initdb = cluster.spec?.bootstrap?.initdb ?? {};
  const appSecret = initdb.secret?.name ?? `${cluster.metadata.name}-app`;
  const raw = tokenService.env.get("SPRING_R2DBC_URL")?.raw;
  const match = /^r2dbc:postgresql:\/\/\$\((\w+)\):\$\((\w+)\)\/\$\((\w+)\)$/.exec(raw ?? "");
  if (!match) {
    return [`token service SPRING_R2DBC_URL is ${raw ?? "unset"}: expected r2dbc:postgresql://$(HOST):$(PORT)/$(DBNAME) from the Cluster's application secret`];
  }
  const expectedKeys = { [match[1]]: "host", [match[2]]: "port", [match[3]]: "dbname", SPRING_R2DBC_USERNAME: "username", SPRING_R2DBC_PASSWORD: "password" };
  for (const [variable, key] of Object.entries(expectedKeys)) {
    const source = tokenService.env.get(variable);
    if (source?.from !== "secret" || source.ref.name !== appSecret || source.ref.key !== key) {
      problems.push(`token service ${variable} is not key ${key} of the Cluster's application secret ${appSecret}`);
    }
  }
  const secretValue = (key) => tokenService.env.get(Object.keys(expectedKeys).find((variable) => expectedKeys[variable] === key))?.value;
  const expected = { host: `${cluster.metadata.name}-rw`, port: "5432", dbname: initdb.database, username: initdb.owner };
  for (const [key, wanted] of Object.entries(expected)) {
    const actual = secretValue(key);
    if (actual !== undefined && actual !== wanted) {
      problems.push(`Secret ${appSecret} key ${key} is ${actual}, the Cluster's is ${wanted}`);
    }
  }
  return problems;
}
