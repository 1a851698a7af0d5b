// Gatehouse's own rules for a rendered overlay. Each rule has an id (what a broken fixture names in its
// expect.yaml), the profiles it applies to, and a check returning its problems (empty when it holds).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { K8S_DIR } from "./kubectl.mjs";
import {
  containerPort, describe, durationSeconds, environment, gatehouseServiceOf, named, ofKind, pods, quantity,
  references, selects, selectsMap,
} from "./manifests.mjs";
import { propertyOf, settingsOf } from "./settings.mjs";

const BOTH = ["dev", "production"];
const PRODUCTION = ["production"];

/** Names that hold secrets: they must come from a Secret through secretKeyRef. */
const SECRET_NAME = /(^|_)(SECRET|PASSWORD|PASSWD|KEY_ENCRYPTION_KEY|PRIVATE_KEY|CREDENTIALS|API_KEY)(_|$)|(^|_)TOKEN$/;

/** The secrets each service needs in production mode (it refuses to start without them). */
const REQUIRED_SECRETS = {
  "token-service": ["GATEHOUSE_KEY_ENCRYPTION_KEY", "GATEHOUSE_GATEWAY_CLIENT_SECRET_HASH", "GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET_HASH", "SPRING_R2DBC_PASSWORD"],
  gateway: ["GATEHOUSE_GATEWAY_CLIENT_SECRET", "GATEHOUSE_GATEWAY_BROWSER_CLIENT_SECRET"],
};

const HASH_SUFFIX = /-[2456789bcdfghkmt]{10}$/;

/** The Gatehouse Deployments of a render, each with its container, service name, settings and environment. */
function gatehouse(documents) {
  return ofKind(documents, "Deployment").flatMap((deployment) => {
    const service = gatehouseServiceOf(deployment);
    const container = (deployment.spec?.template?.spec?.containers ?? []).find((candidate) => candidate.name === service)
      ?? deployment.spec?.template?.spec?.containers?.[0];
    return service && container ? [{ deployment, service, container, pod: deployment.spec.template.spec, env: environment(container, documents), settings: settingsOf(service) }] : [];
  });
}

function value(env, name) {
  return env.get(name)?.value;
}

function effectivePort(env, variable, fallback) {
  const configured = value(env, variable);
  return configured !== undefined ? Number(configured) : fallback;
}

function containersOf(documents) {
  return ofKind(documents, "Deployment").flatMap((deployment) => (deployment.spec?.template?.spec?.containers ?? [])
    .map((container) => ({ deployment, pod: deployment.spec.template.spec, container, where: `${describe(deployment)} container ${container.name}` })));
}

/** Pods that a Service's selector picks, and the container port a Service port's targetPort means there. */
function serviceTargets(documents, service) {
  return pods(documents).filter((pod) => selectsMap(service.spec?.selector, pod.labels));
}

function targetPort(pod, servicePort) {
  return containerPort(pod.spec, servicePort.targetPort ?? servicePort.port);
}

export const RULES = [
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
    id: "probes",
    title: "startup, liveness and readiness probes, on the management port for the Gatehouse services",
    profiles: BOTH,
    check(documents) {
      const problems = [];
      for (const { container, where } of containersOf(documents)) {
        for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
          if (!container[probe]) {
            problems.push(`${where} has no ${probe}`);
          }
        }
      }
      for (const { deployment, container, pod, env, settings } of gatehouse(documents)) {
        const management = effectivePort(env, "MANAGEMENT_SERVER_PORT", settings.managementPort);
        const expected = { startupProbe: "/actuator/health/liveness", livenessProbe: "/actuator/health/liveness", readinessProbe: "/actuator/health/readiness" };
        for (const [probe, path] of Object.entries(expected)) {
          const httpGet = container[probe]?.httpGet;
          if (!container[probe]) {
            continue;
          }
          if (!httpGet) {
            problems.push(`${describe(deployment)}: ${probe} is not an HTTP GET of ${path}`);
            continue;
          }
          const port = containerPort(pod, httpGet.port);
          if (!port || port.containerPort !== management) {
            problems.push(`${describe(deployment)}: ${probe} asks port ${httpGet.port}, not the management port ${management}`);
          }
          if (httpGet.path !== path) {
            problems.push(`${describe(deployment)}: ${probe} asks ${httpGet.path}, not ${path}`);
          }
        }
      }
      return problems;
    },
  },
  {
    id: "security-context",
    title: "non-root, read-only root filesystem with /tmp on an emptyDir, no capabilities, seccomp RuntimeDefault, no API token",
    profiles: BOTH,
    check(documents) {
      const problems = [];
      for (const deployment of ofKind(documents, "Deployment")) {
        const pod = deployment.spec?.template?.spec ?? {};
        const account = named(documents, "ServiceAccount", pod.serviceAccountName);
        if (!pod.serviceAccountName || pod.serviceAccountName === "default" || !account) {
          problems.push(`${describe(deployment)} runs as ServiceAccount ${pod.serviceAccountName ?? "default"}, not one of its own`);
        }
        if (pod.automountServiceAccountToken !== false && !(pod.automountServiceAccountToken === undefined && account?.automountServiceAccountToken === false)) {
          problems.push(`${describe(deployment)} mounts a Kubernetes API token (automountServiceAccountToken is not false)`);
        }
        for (const container of pod.containers ?? []) {
          const where = `${describe(deployment)} container ${container.name}`;
          const context = container.securityContext ?? {};
          if ((context.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true) {
            problems.push(`${where}: runAsNonRoot is not true`);
          }
          if (!["RuntimeDefault", "Localhost"].includes((context.seccompProfile ?? pod.securityContext?.seccompProfile)?.type)) {
            problems.push(`${where}: seccompProfile is not RuntimeDefault`);
          }
          if (context.allowPrivilegeEscalation !== false) {
            problems.push(`${where}: allowPrivilegeEscalation is not false`);
          }
          if (context.privileged) {
            problems.push(`${where} is privileged`);
          }
          if (context.readOnlyRootFilesystem !== true) {
            problems.push(`${where}: readOnlyRootFilesystem is not true`);
          }
          if (!(context.capabilities?.drop ?? []).includes("ALL")) {
            problems.push(`${where}: capabilities.drop does not list ALL`);
          }
          if ((context.capabilities?.add ?? []).length) {
            problems.push(`${where} adds capabilities ${context.capabilities.add.join(", ")}`);
          }
          const tmp = (container.volumeMounts ?? []).find((mount) => mount.mountPath === "/tmp");
          const volume = tmp && (pod.volumes ?? []).find((candidate) => candidate.name === tmp.name);
          if (!volume?.emptyDir) {
            problems.push(`${where}: /tmp is not an emptyDir volume (the root filesystem is read-only)`);
          }
        }
      }
      return problems;
    },
  },
  {
    id: "resources",
    title: "requests and limits, memory limit = request, JVM sized by MaxRAMPercentage",
    profiles: BOTH,
    check(documents) {
      const problems = [];
      for (const { container, where } of containersOf(documents)) {
        const { requests = {}, limits = {} } = container.resources ?? {};
        for (const [name, amount] of [["requests.cpu", requests.cpu], ["requests.memory", requests.memory], ["limits.memory", limits.memory]]) {
          if (amount === undefined) {
            problems.push(`${where} has no ${name}`);
          }
        }
        if (requests.memory !== undefined && limits.memory !== undefined && quantity(requests.memory) !== quantity(limits.memory)) {
          problems.push(`${where}: memory limit ${limits.memory} is not its request ${requests.memory}`);
        }
      }
      for (const { deployment, env } of gatehouse(documents)) {
        const options = `${value(env, "JDK_JAVA_OPTIONS") ?? ""} ${value(env, "JAVA_TOOL_OPTIONS") ?? ""}`;
        const percentage = /-XX:MaxRAMPercentage=(\d+(?:\.\d+)?)/.exec(options);
        if (!percentage || Number(percentage[1]) <= 0 || Number(percentage[1]) > 90) {
          problems.push(`${describe(deployment)}: the JVM is not sized by -XX:MaxRAMPercentage (JDK_JAVA_OPTIONS)`);
        }
        if (/-Xm[xs]\d/.test(options)) {
          problems.push(`${describe(deployment)}: a fixed -Xmx/-Xms ignores the container's memory limit`);
        }
      }
      return problems;
    },
  },
  {
    id: "graceful-shutdown",
    title: "graceful shutdown, a preStop sleep, and a grace period longer than both",
    profiles: BOTH,
    check(documents) {
      const problems = [];
      for (const { deployment, container, pod, env } of gatehouse(documents)) {
        if (value(env, "SERVER_SHUTDOWN") !== "graceful") {
          problems.push(`${describe(deployment)}: server.shutdown is not graceful (SERVER_SHUTDOWN)`);
        }
        const sleep = container.lifecycle?.preStop?.sleep?.seconds;
        if (!(sleep > 0)) {
          problems.push(`${describe(deployment)} has no preStop sleep (endpoints would still send requests to a stopping pod)`);
        }
        const phase = durationSeconds(value(env, "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE") ?? "30s");
        const grace = pod.terminationGracePeriodSeconds ?? 30;
        if (!(grace > (sleep ?? 0) + phase)) {
          problems.push(`${describe(deployment)}: terminationGracePeriodSeconds ${grace} is not longer than the preStop sleep (${sleep ?? 0} s) plus the shutdown phase (${phase} s)`);
        }
      }
      return problems;
    },
  },
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
    id: "production-mode",
    title: "gatehouse.mode=production",
    profiles: BOTH,
    check(documents) {
      return gatehouse(documents)
        .filter(({ env }) => value(env, "GATEHOUSE_MODE") !== "production")
        .map(({ deployment, env }) => `${describe(deployment)}: gatehouse.mode is ${value(env, "GATEHOUSE_MODE") ?? "unset (development)"}, not production`);
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
  {
    id: "network-policy",
    title: "default deny; only the gateway reaches the token service, only the token service PostgreSQL",
    profiles: BOTH,
    check(documents) {
      const problems = [];
      const policies = ofKind(documents, "NetworkPolicy");
      const denyAll = policies.some((policy) => {
        const selector = policy.spec?.podSelector ?? {};
        return !Object.keys(selector.matchLabels ?? {}).length && !(selector.matchExpressions ?? []).length
          && ["Ingress", "Egress"].every((type) => (policy.spec?.policyTypes ?? []).includes(type))
          && !(policy.spec?.ingress ?? []).length && !(policy.spec?.egress ?? []).length;
      });
      if (!denyAll) {
        problems.push("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
      }
      const allPods = pods(documents);
      const gatewayPods = allPods.filter((pod) => pod.labels["app.kubernetes.io/name"] === "gateway");
      for (const pod of allPods) {
        const applying = policies.filter((policy) => selects(policy.spec?.podSelector ?? {}, pod.labels) && Object.keys(policy.spec?.podSelector ?? {}).length
          && (Object.keys(policy.spec.podSelector.matchLabels ?? {}).length || (policy.spec.podSelector.matchExpressions ?? []).length));
        if (!applying.length) {
          problems.push(`no NetworkPolicy of its own for the pods of ${pod.owner}`);
        }
        for (const policy of applying) {
          for (const rule of policy.spec?.ingress ?? []) {
            const peers = rule.from ?? [];
            if (!peers.length || peers.some((peer) => peer.ipBlock || (peer.namespaceSelector && !Object.keys(peer.namespaceSelector.matchLabels ?? {}).length && !(peer.namespaceSelector.matchExpressions ?? []).length))) {
              problems.push(`${describe(policy)} lets every namespace or address reach ${pod.owner}`);
            }
            const name = pod.labels["app.kubernetes.io/name"];
            const opensHttp = !(rule.ports ?? []).length || (rule.ports ?? []).some((port) => port.port === "http" || containerPort(pod.spec, port.port)?.name === "http");
            if (name === "token-service" && opensHttp && peers.some((peer) => peer.namespaceSelector || !peer.podSelector || !gatewayPods.length || !allPods.filter((candidate) => selects(peer.podSelector, candidate.labels)).every((candidate) => gatewayPods.includes(candidate)))) {
              problems.push(`${describe(policy)} lets more than the gateway reach the token service's port`);
            }
            if (pod.labels["cnpg.io/cluster"] && peers.some((peer) => peer.podSelector && !peer.namespaceSelector
              && allPods.filter((candidate) => selects(peer.podSelector, candidate.labels)).some((candidate) => !["token-service"].includes(candidate.labels["app.kubernetes.io/name"]) && !candidate.labels["cnpg.io/cluster"]))) {
              problems.push(`${describe(policy)} lets more than the token service reach PostgreSQL`);
            }
          }
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
  {
    id: "availability",
    title: "two replicas or more, spread over zones and nodes; three PostgreSQL instances on three nodes",
    profiles: PRODUCTION,
    check(documents) {
      const problems = [];
      for (const { deployment } of gatehouse(documents)) {
        const autoscaler = ofKind(documents, "HorizontalPodAutoscaler").find((candidate) => candidate.spec?.scaleTargetRef?.kind === "Deployment" && candidate.spec.scaleTargetRef.name === deployment.metadata.name);
        const minimum = autoscaler ? autoscaler.spec?.minReplicas ?? 1 : deployment.spec?.replicas ?? 1;
        if (minimum < 2) {
          problems.push(`${describe(deployment)} may run ${minimum} replica (${autoscaler ? "HorizontalPodAutoscaler minReplicas" : "replicas"}): at least 2`);
        }
        if (autoscaler && deployment.spec?.replicas !== undefined) {
          problems.push(`${describe(deployment)} sets replicas while a HorizontalPodAutoscaler scales it (every apply would reset the count)`);
        }
        const keys = (deployment.spec?.template?.spec?.topologySpreadConstraints ?? []).map((constraint) => constraint.topologyKey);
        for (const key of ["topology.kubernetes.io/zone", "kubernetes.io/hostname"]) {
          if (!keys.includes(key)) {
            problems.push(`${describe(deployment)} is not spread over ${key}`);
          }
        }
      }
      for (const cluster of ofKind(documents, "Cluster")) {
        if (!((cluster.spec?.instances ?? 1) >= 3)) {
          problems.push(`${describe(cluster)} has ${cluster.spec?.instances ?? 1} instance(s): 3 in production (a primary and two replicas)`);
        }
        if (cluster.spec?.affinity?.enablePodAntiAffinity === false || cluster.spec?.affinity?.podAntiAffinityType !== "required") {
          problems.push(`${describe(cluster)}: instances may share a node (affinity.podAntiAffinityType is not required)`);
        }
      }
      return problems;
    },
  },
  {
    id: "images",
    title: "images by digest or immutable version tag",
    profiles: PRODUCTION,
    check(documents) {
      const images = [
        ...containersOf(documents).map(({ container, where }) => [where, container.image]),
        ...ofKind(documents, "Cluster").map((cluster) => [describe(cluster), cluster.spec?.imageName]),
      ];
      return images.filter(([, image]) => !pinned(image)).map(([where, image]) => `${where}: image ${image ?? "(operator default)"} is neither a digest nor a version tag`);
    },
  },
  {
    id: "ingress",
    title: "an ingress with TLS for the issuer's host, to the gateway only, and the gateway trusting only it",
    profiles: PRODUCTION,
    check(documents) {
      const problems = [];
      const ingresses = ofKind(documents, "Ingress");
      const gateway = gatehouse(documents).find((candidate) => candidate.service === "gateway");
      const tokenService = gatehouse(documents).find((candidate) => candidate.service === "token-service");
      if (!ingresses.length) {
        return ["no Ingress for the gateway"];
      }
      const hosts = new Set();
      for (const ingress of ingresses) {
        const tls = new Set((ingress.spec?.tls ?? []).flatMap((entry) => (entry.secretName ? entry.hosts ?? [] : [])));
        for (const rule of ingress.spec?.rules ?? []) {
          hosts.add(rule.host);
          if (!tls.has(rule.host)) {
            problems.push(`${describe(ingress)}: host ${rule.host ?? "(any)"} has no TLS`);
          }
          for (const path of rule.http?.paths ?? []) {
            const service = named(documents, "Service", path.backend?.service?.name);
            if (!service || !gateway || !selectsMap(service.spec?.selector, gateway.deployment.spec.template.metadata?.labels ?? {})) {
              problems.push(`${describe(ingress)} sends ${rule.host}${path.path} to ${path.backend?.service?.name}, not to the gateway`);
            }
          }
        }
      }
      const issuer = tokenService && value(tokenService.env, "GATEHOUSE_ISSUER");
      if (issuer && ![...hosts].some((host) => issuer === `https://${host}`)) {
        problems.push(`the issuer ${issuer} is not https:// one of the Ingress hosts (${[...hosts].join(", ")})`);
      }
      if (gateway && !value(gateway.env, "SPRING_CLOUD_GATEWAY_SERVER_WEBFLUX_TRUSTEDPROXIES")) {
        problems.push("the gateway trusts no proxy (SPRING_CLOUD_GATEWAY_SERVER_WEBFLUX_TRUSTEDPROXIES): behind the ingress every client would share its address and brute-force bucket");
      }
      if (gateway) {
        // The trusted range is the pod network: it stands for the ingress controller only while nothing else
        // can open a connection to the gateway's port.
        const labels = gateway.deployment.spec.template.metadata?.labels ?? {};
        for (const policy of ofKind(documents, "NetworkPolicy").filter((candidate) => Object.keys(candidate.spec?.podSelector?.matchLabels ?? {}).length && selects(candidate.spec.podSelector, labels))) {
          for (const rule of policy.spec?.ingress ?? []) {
            const opensHttp = !(rule.ports ?? []).length || rule.ports.some((port) => port.port === "http" || containerPort(gateway.pod, port.port)?.name === "http");
            if (opensHttp && (rule.from ?? []).some((peer) => !peer.namespaceSelector || !Object.keys(peer.namespaceSelector.matchLabels ?? {}).length)) {
              problems.push(`${describe(policy)} lets more than the ingress controller's namespace reach the gateway's port, whose X-Forwarded-For it trusts`);
            }
          }
        }
      }
      return problems;
    },
  },
];

function pinned(image) {
  if (typeof image !== "string") {
    return false;
  }
  if (/@sha256:[0-9a-f]{64}$/.test(image)) {
    return true;
  }
  const tag = /:([^:/@]+)$/.exec(image)?.[1];
  return tag !== undefined && /^v?\d+\.\d+(\.\d+)?([-.+][0-9A-Za-z.-]+)?$/.test(tag);
}

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

/** The values of the development overlay's generated secrets (well known, never for production). */
function developmentSecretValues() {
  const directory = join(K8S_DIR, "overlays", "dev", "secrets");
  return readdirSync(directory).filter((file) => file.endsWith(".env")).flatMap((file) => readFileSync(join(directory, file), "utf8").split("\n"))
    .map((line) => line.trim()).filter((line) => line.includes("=") && !line.startsWith("#"))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])
    .filter(([key]) => /password|secret|key/i.test(key)).map(([, secret]) => secret);
}
