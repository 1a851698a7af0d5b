// Gatehouse's own rules for a rendered overlay. Each rule has an id (what a broken fixture names in its
// expect.yaml), the profiles it applies to, and a check(documents, { profile, text }) returning its
// problems (empty when it holds).
import { NETWORK_RULES } from "./network.mjs";
import { PODS_RULES } from "./pods.mjs";
import { PRODUCTION_RULES } from "./production.mjs";
import { SECRETS_RULES } from "./secrets.mjs";
import { WIRING_RULES } from "./wiring.mjs";

export const RULES = [...WIRING_RULES, ...PODS_RULES, ...SECRETS_RULES, ...NETWORK_RULES, ...PRODUCTION_RULES];
