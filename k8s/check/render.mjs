// Renders a kustomization with the check's kubectl and parses it: `node check/render.mjs <directory>`
// prints the documents as one JSON array (what the boot test reads).
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { kustomize } from "./kubectl.mjs";

/** The documents `kubectl kustomize <directory>` renders, and the rendered text. */
export function render(directory) {
  const text = kustomize(directory);
  const documents = parseAllDocuments(text).map((document) => {
    if (document.errors.length) {
      throw new Error(`kubectl kustomize ${directory} printed YAML that does not parse: ${document.errors[0].message}`);
    }
    return document.toJS();
  }).filter((document) => document !== null);
  return { text, documents };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.length !== 3) {
    process.stderr.write("usage: node check/render.mjs <kustomization directory>\n");
    process.exitCode = 2;
  } else {
    process.stdout.write(`${JSON.stringify(render(process.argv[2]).documents)}\n`);
  }
}
