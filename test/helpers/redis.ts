/**
 * For the scale-out tests and the replica benchmark: a throwaway Redis (Debian's redis-server, on a
 * free 127.0.0.1 port, no persistence), app replicas as real child processes, and nginx round-robin.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const REPLICA_APP = path.join(ROOT, "test", "fixtures", "redis-app.ts");

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function which(names: string[], dirs: string[]): string | null {
  for (const dir of dirs) for (const name of names) if (existsSync(path.join(dir, name))) return path.join(dir, name);
  for (const name of names) {
    const found = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  return null;
}

/** A binary from Debian's packages, installed with apt-get when missing and we are root; null if not to be had. */
function ensureBinary(names: string[], pkg: string): string | null {
  const dirs = ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin"];
  const found = which(names, dirs);
  if (found || process.getuid?.() !== 0) return found;
  console.warn(`# ${names[0]} is missing: installing ${pkg} with apt-get`);
  spawnSync("sh", ["-c", `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`], {
    stdio: "inherit",
    timeout: 300_000,
  });
  return which(names, dirs);
}

let redisBinary: string | null | undefined;
export function ensureRedis(): string | null {
  if (redisBinary === undefined) {
    redisBinary = ensureBinary(["redis-server"], "redis-server");
    if (!redisBinary)
      console.warn(
        "\n#### SKIPPING the Redis scale-out tests: redis-server is not installed and could not be installed (apt-get install -y redis-server). ####\n",
      );
  }
  return redisBinary;
}

let nginxBinary: string | null | undefined;
export function ensureNginx(): string | null {
  if (nginxBinary === undefined) {
    nginxBinary = ensureBinary(["nginx"], "nginx-light");
    if (!nginxBinary)
      console.warn(
        "\n#### SKIPPING the nginx round-robin tests: nginx is not installed and could not be installed (apt-get install -y nginx-light). ####\n",
      );
  }
  return nginxBinary;
}

export interface TestRedis {
  url: string;
  port: number;
  /** Kills the server (its data is gone: no persistence). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const binary = ensureRedis();
  if (!binary) throw new Error("redis-server is not available");
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(binary, ["--save", "", "--appendonly", "no", "--port", String(port), "--bind", "127.0.0.1"], {
      stdio: "ignore",
    });
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const socket = net.connect(port, "127.0.0.1", () => {
          socket.write("PING\r\n");
        });
        socket.once("data", (data) => (socket.destroy(), resolve(data.toString().startsWith("+PONG"))));
        socket.once("error", () => resolve(false));
      });
      if (up) return;
      await sleep(50);
    }
    throw new Error("redis-server did not start");
  };
  const kill = async () => {
    const current = child as ChildProcess | null;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once("exit", resolve));
    current.kill("SIGKILL");
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, kill, restart: start, stop: kill };
}

export interface Replica {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** One replica of test/fixtures/redis-app.ts (or `app`), as its own process; resolves once it listens. */
export async function startReplica(env: Record<string, string>, app = REPLICA_APP): Promise<Replica> {
  const child = spawn(process.execPath, ["--conditions=source", "--import", "tsx", app], {
    cwd: ROOT,
    env: { ...process.env, GRADIO_SERVER_PORT: "0", GRADIO_SERVER_NAME: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica did not start:\n${out}`)), 30_000);
    const check = () => {
      const match = /Running on local URL:\s+(\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on("data", check);
    void exited.then(() => (clearTimeout(timer), reject(new Error(`replica exited:\n${out}`))));
  });
  return {
    url,
    child,
    output: () => out,
    exited,
    kill: async (signal = "SIGKILL") => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

export interface RoundRobin {
  url: string;
  stop(): Promise<void>;
}

/** nginx on a free port, passing requests round-robin to `upstreams` (no affinity), SSE unbuffered. */
export async function startRoundRobin(upstreams: string[]): Promise<RoundRobin> {
  const nginx = ensureNginx();
  if (!nginx) throw new Error("nginx is not available");
  const dir = await mkdtemp(path.join(os.tmpdir(), "gradio-ts-rr-"));
  await chmod(dir, 0o755);
  const port = await freePort();
  const p = (name: string) => path.join(dir, name);
  const servers = upstreams.map((u) => `server ${new URL(u).host};`).join(" ");
  await writeFile(
    p("nginx.conf"),
    `daemon off;
worker_processes 1;
pid ${p("nginx.pid")};
error_log ${p("error.log")} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${p("client_body")};
  proxy_temp_path ${p("proxy")};
  fastcgi_temp_path ${p("fastcgi")};
  uwsgi_temp_path ${p("uwsgi")};
  scgi_temp_path ${p("scgi")};
  client_max_body_size 50m;
  upstream gradio { ${servers} }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://gradio;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 3600s;
      proxy_request_buffering off;
      proxy_next_upstream error timeout http_502;
      proxy_connect_timeout 2s;
    }
  }
}
`,
  );
  const child = spawn(nginx, ["-p", dir, "-c", p("nginx.conf"), "-e", p("error.log")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 100 || child.exitCode !== null)
      throw new Error(`nginx did not start: ${log}${await readFile(p("error.log"), "utf8").catch(() => "")}`);
    await sleep(50);
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGQUIT");
        await Promise.race([exited, sleep(3000).then(() => child.kill("SIGKILL"))]);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Reads an SSE response's `data:` payloads as they come, JSON-parsed. */
export async function* sseMessages(response: Response): AsyncGenerator<Record<string, unknown>> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      if (block.startsWith("data: ")) yield JSON.parse(block.slice(6)) as Record<string, unknown>;
    }
  }
}

/** Two replicas of `app` sharing one fresh Redis: their base URLs (no trailing slash), set in `before`. */
export interface ReplicaPair {
  A: string;
  B: string;
  replicas: Replica[];
  redis: TestRedis;
}

/**
 * Registers the suite's `before`/`after`: a Redis and two replicas of `app` on it under `prefix`, killed
 * (with `signal`) and stopped when the suite ends. Read the URLs from the returned object inside tests.
 */
export function useReplicaPair(app: string, env: Record<string, string>, signal?: NodeJS.Signals): ReplicaPair {
  const pair = { replicas: [] as Replica[] } as ReplicaPair;
  before(async () => {
    pair.redis = await startRedis();
    const shared = { GRADIO_REDIS_URL: pair.redis.url, ...env };
    pair.replicas = await Promise.all([startReplica(shared, app), startReplica(shared, app)]);
    [pair.A, pair.B] = pair.replicas.map((r) => r.url.replace(/\/$/, "")) as [string, string];
  });
  after(async () => {
    await Promise.all(pair.replicas.map((r) => r.kill(signal)));
    await pair.redis?.stop();
  });
  return pair;
}
