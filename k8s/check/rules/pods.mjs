// Rules on each pod: probes, its security context, resources, graceful shutdown, production mode.
import { containerPort, describe, durationSeconds, named, ofKind, quantity } from "../manifests.mjs";
import { BOTH, containersOf, effectivePort, gatehouse, value } from "./common.mjs";
export const PODS_RULES = [
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
    id: "production-mode",
    title: "gatehouse.mode=production",
    profiles: BOTH,
    check(documents) {
      return gatehouse(documents)
        .filter(({ env }) => value(env, "GATEHOUSE_MODE") !== "production")
        .map(({ deployment, env }) => `${describe(deployment)}: gatehouse.mode is ${value(env, "GATEHOUSE_MODE") ?? "unset (development)"}, not production`);
    },
  },
];
