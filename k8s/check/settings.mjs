// What a service's configuration accepts, read from its built jar (../<service>/target/<service>.jar,
// the artifact the image is made of): every property of the configuration metadata that Spring Boot's
// configuration processor wrote into the service and each library it ships (Spring Boot's own
// server.*, management.*, spring.r2dbc.*, Spring Cloud Gateway's, the service's gatehouse.*), every
// ${PLACEHOLDER} of its application.yml, and the ports that application.yml sets.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { K8S_DIR } from "./kubectl.mjs";
import { zipEntries, zipRead } from "./zip.mjs";

const METADATA = ["META-INF/spring-configuration-metadata.json", "META-INF/additional-spring-configuration-metadata.json"];

/** Variables the JVM launcher reads itself. */
const JVM_VARIABLES = new Set(["JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS"]);

const cache = new Map();

/** The settings of `service` (token-service, gateway); throws when its jar has not been built. */
export function settingsOf(service) {
  if (!cache.has(service)) {
    cache.set(service, readSettings(service));
  }
  return cache.get(service);
}

function readSettings(service) {
  const jar = join(K8S_DIR, "..", service, "target", `${service}.jar`);
  if (!existsSync(jar)) {
    throw new Error(`${jar} is missing: build it first (./mvnw -pl ${service} -am package -DskipTests)`);
  }
  const archive = readFileSync(jar);
  const entries = zipEntries(archive);
  const properties = new Map();
  const addMetadata = (bytes) => {
    for (const property of JSON.parse(bytes.toString("utf8")).properties ?? []) {
      properties.set(property.name, property.type ?? "");
    }
  };
  for (const [name, entry] of entries) {
    // The service's own metadata sits at the top of the repackaged jar (or under BOOT-INF/classes).
    if (METADATA.some((file) => name === file || name === `BOOT-INF/classes/${file}`)) {
      addMetadata(zipRead(archive, entry));
    } else if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
      const library = zipRead(archive, entry);
      const libraryEntries = zipEntries(library);
      for (const file of METADATA) {
        if (libraryEntries.has(file)) {
          addMetadata(zipRead(library, libraryEntries.get(file)));
        }
      }
    }
  }
  const applicationYml = entries.get("BOOT-INF/classes/application.yml");
  if (!applicationYml) {
    throw new Error(`${jar} has no application.yml`);
  }
  const text = zipRead(archive, applicationYml).toString("utf8");
  const application = parse(text);
  return {
    service,
    jar,
    properties,
    placeholders: new Set([...text.matchAll(/\$\{([A-Z][A-Z0-9_]*)[:}]/g)].map((match) => match[1])),
    serverPort: Number(application?.server?.port ?? 8080),
    managementPort: Number(application?.management?.server?.port ?? application?.server?.port ?? 8080),
  };
}

/**
 * The property an environment variable binds to, as Spring Boot's relaxed binding maps it (dots to
 * underscores, dashes removed, upper case; or the legacy form with dashes as underscores), including
 * an entry of a map or list property (GATEHOUSE_CLIENTS_WEB_SCOPES); null when it binds to nothing.
 */
export function propertyOf(settings, variable) {
  if (settings.placeholders.has(variable)) {
    return `\${${variable}}`;
  }
  if (JVM_VARIABLES.has(variable)) {
    return "(the JVM)";
  }
  for (const [name, type] of settings.properties) {
    const forms = [environmentForm(name, ""), environmentForm(name, "_")];
    if (forms.includes(variable)) {
      return name;
    }
    if (/^java\.util\.(Map|List|Set|Collection)</.test(type) && forms.some((form) => variable.startsWith(`${form}_`))) {
      return name;
    }
  }
  return null;
}

function environmentForm(property, dash) {
  return property.replace(/\[\d+\]/g, "").replace(/\./g, "_").replace(/-/g, dash).toUpperCase();
}
