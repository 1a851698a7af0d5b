// The NetworkPolicies: a default deny, every pod with a policy of its own, nothing open to every
// namespace, only the gateway to the token service and only the token service (and the cluster itself)
// to PostgreSQL.
import { containerPort, describe, ofKind, pods, selects } from "../manifests.mjs";
import { BOTH } from "./common.mjs";
export const NETWORK_RULES = [
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
];
