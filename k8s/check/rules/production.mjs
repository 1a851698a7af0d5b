// Rules for production only: replicas and spread, immutable images, the ingress.
import { containerPort, describe, named, ofKind, selects, selectsMap } from "../manifests.mjs";
import { PRODUCTION, containersOf, gatehouse, value } from "./common.mjs";
export const PRODUCTION_RULES = [
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
