/**
 * The Kubernetes example against the image and the config it runs (Kubernetes cannot run here):
 * the manifest parses, runs the bridge as a native sidecar, and references only the ports, paths
 * and variables that config.yaml, as the Dockerfile ships and sets it, actually uses.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { expandEnv } from '../src/config/env';
import { DOWNWARD_API_ENV } from '../processors/resourcedetection/detectors';
import { REPO_ROOT } from './helpers/collector';
import { parseDockerfile, parseEnv } from './helpers/dockerfile';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath: string } };
}
interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  restartPolicy?: string;
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number }[];
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; readOnlyRootFilesystem?: boolean };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface Pod {
  kind: string;
  spec: { initContainers: Container[]; containers: Container[]; volumes: { name: string; emptyDir?: object }[] };
}

const read = (p: string) => readFileSync(path.join(REPO_ROOT, p), 'utf8');
const pod = parse(read('deploy/kubernetes/pod.yaml')) as Pod;
const dockerfile = parseDockerfile(read('Dockerfile'));
const image = dockerfile.stages.at(-1)!;
const imageEnv = Object.assign({}, ...image.instructions.filter((i) => i.op === 'ENV').map((i) => parseEnv(i.args))) as Record<string, string>;
const workdir = image.instructions.filter((i) => i.op === 'WORKDIR').at(-1)!.args;
const configText = read('config.yaml');

const bridge = pod.spec.initContainers.find((c) => c.name === 'dd-otel-bridge')!;
const app = pod.spec.containers.find((c) => c.name === 'app')!;
const literalEnv = (c: Container) => Object.fromEntries((c.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
/** What the bridge process sees: the image's ENV, then the pod's. */
const bridgeEnv = { ...imageEnv, ...literalEnv(bridge) };
const config = expandEnv(parse(configText), bridgeEnv).value as {
  receivers: Record<string, { endpoint?: string; transport?: string; include?: string[] }>;
  processors: { resourcedetection?: { detectors: string[] }; memory_limiter: { limit_mib: number } };
  extensions: { health_check: { endpoint: string; path?: string } | null; file_storage: { directory: string } };
};

/** The pod volume mounted at `dir` (or a parent of it) in container `c`. */
function volumeAt(c: Container, dir: string): string | undefined {
  return c.volumeMounts?.find((m) => dir === m.mountPath || dir.startsWith(m.mountPath + '/'))?.name;
}
const isEmptyDir = (name: string | undefined) => pod.spec.volumes.some((v) => v.name === name && v.emptyDir);
const mib = (q: string) => Number(/^(\d+)Mi$/.exec(q)![1]);

describe('deploy/kubernetes/pod.yaml against the Dockerfile and config.yaml', () => {
  it('runs the bridge as a native sidecar: an init container with restartPolicy: Always, beside the app', () => {
    assert.equal(pod.kind, 'Pod');
    assert.equal(bridge.restartPolicy, 'Always');
    assert.match(bridge.image, /^dd-otel-bridge:/);
    assert.ok(app, 'an app container');
  });

  it('sets only variables config.yaml reads (or its downward_api detector does)', () => {
    const used = new Set([...configText.matchAll(/\$\{env:([A-Za-z_]\w*)/g)].map((m) => m[1]));
    assert.ok(config.processors.resourcedetection?.detectors.includes('downward_api'), 'config.yaml runs the downward_api detector');
    for (const k of Object.keys(DOWNWARD_API_ENV)) used.add(k);
    for (const e of bridge.env ?? []) assert.ok(used.has(e.name), `${e.name} is set but config.yaml does not read it`);
    for (const k of Object.keys(imageEnv)) if (k !== 'NODE_ENV') assert.ok(used.has(k), `the Dockerfile sets ${k}, which config.yaml does not read`);
  });

  it('carries the pod identity from the downward API, and the app container\'s own name', () => {
    const fields = Object.fromEntries((bridge.env ?? []).filter((e) => e.valueFrom).map((e) => [e.name, e.valueFrom!.fieldRef!.fieldPath]));
    assert.deepEqual(fields, { K8S_POD_NAME: 'metadata.name', K8S_NAMESPACE_NAME: 'metadata.namespace', K8S_POD_UID: 'metadata.uid', K8S_NODE_NAME: 'spec.nodeName' });
    assert.equal(bridgeEnv.K8S_CONTAINER_NAME, app.name);
  });

  it('declares and probes only the health_check port, on the path health_check serves', () => {
    const health = config.extensions.health_check!;
    const port = Number(health.endpoint.split(':').pop());
    assert.equal(health.endpoint, `0.0.0.0:${port}`, 'health_check binds every interface: the kubelet probes the pod IP');
    assert.deepEqual(bridge.ports, [{ name: 'health', containerPort: port }]);
    for (const probe of [bridge.startupProbe, bridge.readinessProbe, bridge.livenessProbe]) {
      assert.ok(probe);
      assert.equal(probe.httpGet.port, 'health');
      assert.equal(probe.httpGet.path, health.path ?? '/');
    }
    for (const [id, r] of Object.entries(config.receivers)) {
      if (r.transport !== 'unix' && r.endpoint) assert.match(r.endpoint, /^127\.0\.0\.1:/, `${id} stays inside the pod`);
    }
  });

  it('shares the agent socket with the app on an emptyDir, where the app\'s DD_TRACE_AGENT_URL points', () => {
    const uds = Object.values(config.receivers).find((r) => r.transport === 'unix')!;
    const socketDir = path.posix.dirname(uds.endpoint!);
    assert.equal(uds.endpoint, '/var/run/datadog/apm.socket', 'where tracers look by themselves');
    const volume = volumeAt(bridge, socketDir);
    assert.ok(isEmptyDir(volume), `the socket directory ${socketDir} is an emptyDir`);
    assert.equal(volumeAt(app, socketDir), volume, 'the app mounts the same volume at the same path');
    assert.equal(literalEnv(app).DD_TRACE_AGENT_URL, `unix://${uds.endpoint}`);
  });

  it('tails the app\'s log directory from a shared emptyDir, and keeps file_storage on a writable volume', () => {
    const glob = config.receivers.file_log.include![0];
    const logDir = glob.slice(0, glob.indexOf('*')).replace(/\/$/, '');
    const volume = volumeAt(bridge, logDir);
    assert.ok(isEmptyDir(volume), `${logDir} is an emptyDir`);
    assert.equal(volumeAt(app, logDir), volume, 'the app writes where the bridge reads');
    const storage = path.posix.resolve(workdir, config.extensions.file_storage.directory);
    assert.ok(bridge.securityContext?.readOnlyRootFilesystem);
    const dataVolume = volumeAt(bridge, storage);
    assert.ok(isEmptyDir(dataVolume), `file_storage's ${storage} is on a writable volume`);
    assert.ok(!bridge.volumeMounts!.find((m) => m.name === dataVolume)!.readOnly);
  });

  it('runs as the image\'s non-root user, with a memory limit above the memory limiter\'s', () => {
    const user = image.instructions.find((i) => i.op === 'USER')!.args.split(':')[0];
    assert.equal(bridge.securityContext?.runAsNonRoot, true);
    assert.equal(String(bridge.securityContext?.runAsUser), user);
    const limit = mib(bridge.resources!.limits!.memory);
    assert.ok(config.processors.memory_limiter.limit_mib < limit, `memory_limiter's ${config.processors.memory_limiter.limit_mib} MiB below the ${limit} MiB limit`);
    assert.ok(mib(bridge.resources!.requests!.memory) <= limit);
  });
});
