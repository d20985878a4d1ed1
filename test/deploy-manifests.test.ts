// The container image recipe and the Kubernetes manifests, read and checked for the properties a
// hardened deployment needs (docker and a cluster are not available here, so the files are parsed).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import * as gr from "gradio-ts";
import { parseAllDocuments } from "yaml";
import { startServer, type TestServer } from "./helpers/server.js";

const root = process.cwd();
const k8sDir = path.join(root, "deploy", "kubernetes");

// ---------------------------------------------------------------------------------------------------
// Kubernetes

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed YAML of any shape, read field by field
type Obj = Record<string, any>;

function loadManifests(): { file: string; doc: Obj }[] {
  const out: { file: string; doc: Obj }[] = [];
  for (const file of readdirSync(k8sDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()) {
    for (const document of parseAllDocuments(readFileSync(path.join(k8sDir, file), "utf8"))) {
      assert.deepEqual(document.errors, [], `${file} is not valid YAML`);
      const doc = document.toJS() as Obj | null;
      if (doc) out.push({ file, doc });
    }
  }
  return out;
}

const matches = (selector: Obj, labels: Obj) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe("Kubernetes manifests", () => {
  const manifests = loadManifests();
  const one = (kind: string) => {
    const found = manifests.filter((m) => m.doc.kind === kind);
    assert.equal(found.length, 1, `exactly one ${kind}`);
    return found[0]!.doc;
  };
  const deployment = one("Deployment");
  const pod = deployment.spec.template.spec as Obj;
  const podLabels = deployment.spec.template.metadata.labels as Obj;
  const containers = pod.containers as Obj[];
  const app = containers[0]!;
  const env = Object.fromEntries(
    (app.env as Obj[]).filter((e) => "value" in e).map((e) => [e.name, e.value]),
  ) as Record<string, string>;
  const service = one("Service");
  const ingress = one("Ingress");

  test("every file parses, has apiVersion/kind/name, and the kustomization lists exactly the resource files", () => {
    for (const { file, doc } of manifests) {
      assert.ok(doc.apiVersion && doc.kind, `${file}: apiVersion and kind`);
      if (doc.kind !== "Kustomization") assert.ok(doc.metadata?.name, `${file}: metadata.name`);
    }
    const kustomization = one("Kustomization");
    const files = readdirSync(k8sDir)
      .filter((f) => /\.ya?ml$/.test(f) && f !== "kustomization.yaml")
      .sort();
    assert.deepEqual([...(kustomization.resources as string[])].sort(), files);
    for (const kind of ["Deployment", "Service", "Ingress", "NetworkPolicy", "PodDisruptionBudget"])
      assert.ok(
        manifests.some((m) => m.doc.kind === kind),
        kind,
      );
  });

  test("Deployment: non-root, no privilege escalation, all capabilities dropped, read-only root, seccomp, no API token", () => {
    assert.equal(pod.securityContext.runAsNonRoot, true);
    assert.ok(pod.securityContext.runAsUser > 0);
    assert.ok(pod.securityContext.runAsGroup > 0);
    assert.equal(pod.securityContext.seccompProfile.type, "RuntimeDefault");
    assert.equal(pod.automountServiceAccountToken, false);
    assert.ok(!pod.hostNetwork && !pod.hostPID && !pod.hostIPC);
    for (const container of [...containers, ...((pod.initContainers as Obj[]) ?? [])]) {
      const sc = container.securityContext as Obj;
      assert.equal(sc.allowPrivilegeEscalation, false, container.name);
      assert.equal(sc.readOnlyRootFilesystem, true, container.name);
      assert.notEqual(sc.privileged, true, container.name);
      assert.deepEqual(sc.capabilities.drop, ["ALL"], container.name);
      assert.equal(sc.capabilities.add, undefined, container.name);
      assert.ok(!/:latest$/.test(container.image) && container.image, "an image, not :latest");
    }
  });

  test("Deployment: resource requests and limits, probes on the app's own health routes", () => {
    for (const container of containers) {
      for (const kind of ["requests", "limits"]) {
        assert.ok(container.resources[kind].cpu, `${container.name} ${kind}.cpu`);
        assert.ok(container.resources[kind].memory, `${container.name} ${kind}.memory`);
      }
    }
    const ports = (app.ports as Obj[]).map((p) => p.name);
    assert.equal(app.livenessProbe.httpGet.path, "/healthz");
    assert.equal(app.readinessProbe.httpGet.path, "/readyz");
    for (const probe of [app.livenessProbe, app.readinessProbe, app.startupProbe])
      assert.ok(ports.includes(probe.httpGet.port));
    assert.equal(String((app.ports as Obj[])[0]!.containerPort), env.GRADIO_SERVER_PORT);
    assert.equal(env.GRADIO_SERVER_NAME, "0.0.0.0");
  });

  test("Deployment: with a read-only root, the cache and /tmp are writable volumes; shutdown fits the grace period", () => {
    const mounts = new Map((app.volumeMounts as Obj[]).map((m) => [m.mountPath, m.name]));
    const volumes = new Set((pod.volumes as Obj[]).map((v) => v.name));
    for (const name of mounts.values()) assert.ok(volumes.has(name), `volume ${name} is defined`);
    assert.ok(mounts.has(env.GRADIO_TEMP_DIR!), "GRADIO_TEMP_DIR is a mounted volume");
    assert.ok(mounts.has("/tmp"), "/tmp is a mounted volume");
    assert.ok(
      pod.terminationGracePeriodSeconds >= Number(env.GRADIO_SHUTDOWN_GRACE_SECONDS) + 5,
      "Kubernetes waits longer than the app's own grace period",
    );
  });

  test("Service, Ingress, NetworkPolicy and PodDisruptionBudget select the Deployment's pods and ports", () => {
    assert.ok(matches(deployment.spec.selector.matchLabels, podLabels));
    assert.ok(matches(service.spec.selector, podLabels));
    const containerPortNames = (app.ports as Obj[]).map((p) => p.name);
    for (const port of service.spec.ports as Obj[])
      assert.ok(containerPortNames.includes(port.targetPort), `Service targets ${port.targetPort}`);
    for (const rule of ingress.spec.rules as Obj[]) {
      for (const route of rule.http.paths as Obj[]) {
        assert.equal(route.backend.service.name, service.metadata.name);
        assert.ok(
          (service.spec.ports as Obj[]).some(
            (p) => p.name === route.backend.service.port.name || p.port === route.backend.service.port.number,
          ),
        );
      }
    }
    const policy = one("NetworkPolicy");
    assert.ok(matches(policy.spec.podSelector.matchLabels, podLabels));
    assert.deepEqual([...(policy.spec.policyTypes as string[])].sort(), ["Egress", "Ingress"]);
    for (const rule of policy.spec.ingress as Obj[]) {
      assert.ok(rule.from?.length > 0, "ingress only from named sources");
      for (const port of rule.ports as Obj[]) assert.equal(String(port.port), env.GRADIO_SERVER_PORT);
    }
    const pdb = one("PodDisruptionBudget");
    assert.ok(matches(pdb.spec.selector.matchLabels, podLabels));
    assert.ok(pdb.spec.minAvailable < deployment.spec.replicas, "a drain can still evict one pod");
  });

  test("Ingress: TLS for every host, and SSE-friendly settings (no buffering, long timeouts, client affinity)", () => {
    const tlsHosts = (ingress.spec.tls as Obj[]).flatMap((t) => {
      assert.ok(t.secretName);
      return t.hosts as string[];
    });
    for (const rule of ingress.spec.rules as Obj[]) assert.ok(tlsHosts.includes(rule.host), `TLS covers ${rule.host}`);
    const notes = ingress.metadata.annotations as Record<string, string>;
    assert.equal(notes["nginx.ingress.kubernetes.io/proxy-buffering"], "off");
    assert.equal(notes["nginx.ingress.kubernetes.io/ssl-redirect"], "true");
    assert.ok(Number(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600);
    assert.ok(Number(notes["nginx.ingress.kubernetes.io/proxy-send-timeout"]) >= 3600);
    if (deployment.spec.replicas > 1) {
      assert.ok(
        notes["nginx.ingress.kubernetes.io/upstream-hash-by"] || notes["nginx.ingress.kubernetes.io/affinity"],
        "per-pod queue state needs client affinity",
      );
    }
  });

  describe("the probe paths answer on a real server", () => {
    let server: TestServer;
    before(async () => {
      server = await startServer(new gr.Interface({ fn: (x: string) => x, inputs: "text", outputs: "text" }));
    });
    after(async () => server.close());

    test("liveness, readiness and startup paths return 200", async () => {
      for (const probe of [app.livenessProbe, app.readinessProbe, app.startupProbe]) {
        assert.equal((await fetch(server.url + probe.httpGet.path)).status, 200, probe.httpGet.path);
      }
    });

    test("deploy/healthcheck.mjs (the image's HEALTHCHECK) passes against a live app and fails against none", async () => {
      const port = new URL(server.url).port;
      // Asynchronously: the server answering it lives in this process.
      const run = (env: Record<string, string>) =>
        new Promise<number | null>((resolve) => {
          const child = execFile(process.execPath, [path.join(root, "deploy", "healthcheck.mjs")], {
            env: { ...process.env, ...env },
            timeout: 10_000,
          });
          child.on("exit", (code) => resolve(code));
        });
      assert.equal(await run({ GRADIO_SERVER_PORT: port }), 0);
      assert.equal(await run({ GRADIO_HEALTHCHECK_URL: `${server.url}/no-such-probe` }), 1);
      assert.equal(await run({ GRADIO_HEALTHCHECK_URL: "http://127.0.0.1:9/healthz" }), 1);
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Dockerfile

interface Instruction {
  op: string;
  args: string;
  stage: number;
}

/** Instructions of a Dockerfile, continuation lines joined, comments dropped, with their stage index. */
function parseDockerfile(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, " ");
  let stage = -1;
  const out: Instruction[] = [];
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [, op = "", args = ""] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === "FROM") stage++;
    out.push({ op: op.toUpperCase(), args, stage });
  }
  return out;
}

describe("deploy/Dockerfile", () => {
  const text = readFileSync(path.join(root, "deploy", "Dockerfile"), "utf8");
  const instructions = parseDockerfile(text);
  const froms = instructions.filter((i) => i.op === "FROM");
  const last = froms.length - 1;
  const final = instructions.filter((i) => i.stage === last);
  const args = new Map(instructions.filter((i) => i.op === "ARG").map((i) => i.args.split("=") as [string, string]));

  test("multi-stage: a build stage and a separate runtime stage that copies only built output from it", () => {
    assert.ok(froms.length >= 2);
    assert.match(froms[0]!.args, /\sAS\s+build$/i);
    assert.ok(final.some((i) => i.op === "COPY" && /--from=build/.test(i.args)));
    assert.ok(!final.some((i) => i.op === "RUN"), "the runtime stage runs nothing (distroless has no shell)");
    assert.ok(
      instructions.some((i) => i.op === "RUN" && /npm ci\b/.test(i.args) && /--ignore-scripts/.test(i.args)),
      "dependencies from the lockfile, without install scripts",
    );
    assert.ok(
      instructions.some((i) => i.op === "RUN" && /npm prune --omit=dev/.test(i.args)),
      "no dev dependencies in the image",
    );
  });

  test("base images are named with a tag, never latest", () => {
    for (const from of froms) {
      let image = from.args.split(/\s+/)[0]!;
      const arg = /^\$\{(\w+)\}$/.exec(image);
      if (arg) image = args.get(arg[1]!) ?? "";
      // eslint-disable-next-line security/detect-unsafe-regex -- matches the repository's own manifests, never outside input
      assert.match(image, /^[\w./-]+:[\w.-]+(@sha256:[0-9a-f]{64})?$/, from.args);
      assert.doesNotMatch(image, /:latest\b/);
    }
  });

  test("the runtime runs as a numeric non-root user, with a HEALTHCHECK, and a writable cache volume", () => {
    const users = final.filter((i) => i.op === "USER");
    assert.equal(users.length, 1);
    const [user, group] = users[0]!.args.split(":");
    assert.match(user!, /^\d+$/);
    assert.notEqual(Number(user), 0);
    assert.notEqual(Number(group ?? 1), 0);
    const health = final.find((i) => i.op === "HEALTHCHECK");
    assert.ok(health, "HEALTHCHECK");
    assert.match(health.args, /CMD \[.*deploy\/healthcheck\.mjs"\]/);
    assert.ok(existsSync(path.join(root, "deploy", "healthcheck.mjs")));
    const env = final.find((i) => i.op === "ENV")!.args;
    const tempDir = /GRADIO_TEMP_DIR=(\S+)/.exec(env)?.[1];
    assert.ok(tempDir);
    assert.ok(
      final.some((i) => i.op === "VOLUME" && i.args.includes(tempDir)),
      "the cache dir is a volume, so a read-only root works",
    );
    assert.ok(
      final.some((i) => i.op === "COPY" && i.args.includes(`--chown=${user}:${group}`) && i.args.endsWith(tempDir)),
      "the cache dir belongs to the app's user",
    );
    assert.ok(
      final.some((i) => i.op === "COPY" && /--chown=0:0/.test(i.args)),
      "the code belongs to root, not to the app's user",
    );
    assert.match(env, /GRADIO_SERVER_NAME=0\.0\.0\.0/);
    const port = /GRADIO_SERVER_PORT=(\d+)/.exec(env)?.[1];
    assert.ok(final.some((i) => i.op === "EXPOSE" && i.args === port));
    assert.ok(final.some((i) => i.op === "STOPSIGNAL" && i.args === "SIGTERM"));
  });

  test("no secrets: no secret-looking ENV or ARG, no remote ADD, and .dockerignore keeps key files and .env out", () => {
    for (const instruction of instructions.filter((i) => i.op === "ENV" || i.op === "ARG")) {
      assert.doesNotMatch(
        instruction.args,
        /(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|CREDENTIAL)\w*=/i,
        instruction.args,
      );
    }
    assert.ok(!instructions.some((i) => i.op === "ADD"), "COPY, never ADD");
    assert.doesNotMatch(text, /BEGIN [A-Z ]*PRIVATE KEY|\b(ghp|npm)_[A-Za-z0-9]{20,}/);
    const ignored = readFileSync(path.join(root, ".dockerignore"), "utf8")
      .split("\n")
      .map((l) => l.trim());
    for (const entry of [".env", "**/node_modules", ".git", "**/*.pem", "**/*.key", "**/.npmrc"])
      assert.ok(ignored.includes(entry), `.dockerignore has ${entry}`);
  });

  test("everything the build stage copies from the context exists and is not ignored", () => {
    const ignored = readFileSync(path.join(root, ".dockerignore"), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith("#"));
    const sources = instructions
      .filter((i) => i.op === "COPY" && !i.args.includes("--from="))
      .flatMap((i) =>
        i.args
          .split(/\s+/)
          .filter((a) => !a.startsWith("--"))
          .slice(0, -1),
      )
      .map((source) => source.replace(/^\$\{APP_DIR\}$/, args.get("APP_DIR") ?? ""));
    assert.ok(sources.length > 0);
    for (const source of sources) {
      assert.ok(existsSync(path.join(root, source)), `${source} exists`);
      assert.ok(
        !ignored.includes(source) && !ignored.includes(source.split("/")[0]!),
        `${source} is not in .dockerignore`,
      );
    }
  });
});
