/**
 * The detectors: each reads one source of process-wide identity once, at start. `env` reads
 * OTEL_RESOURCE_ATTRIBUTES (the OTel SDK specification's format), `system` the host, and
 * `downward_api` the pod identity Kubernetes hands a container through environment variables
 * (no API access needed: in a sidecar every item comes from the pod the bridge runs in).
 */
import { arch, hostname, platform } from 'node:os';
import type { Config, DetectorName } from './config';

export type Detected = Record<string, string>;

/**
 * The `downward_api` detector's variables: the semantic-convention name, upper-cased with `_`
 * for `.`. The pod spec fills them with `fieldRef` (name, namespace, uid, node) or literally
 * (the app container's name, the cluster or deployment name).
 */
export const DOWNWARD_API_ENV: Record<string, string> = {
  K8S_POD_NAME: 'k8s.pod.name',
  K8S_POD_UID: 'k8s.pod.uid',
  K8S_NAMESPACE_NAME: 'k8s.namespace.name',
  K8S_NODE_NAME: 'k8s.node.name',
  K8S_CONTAINER_NAME: 'k8s.container.name',
  K8S_DEPLOYMENT_NAME: 'k8s.deployment.name',
  K8S_CLUSTER_NAME: 'k8s.cluster.name',
};

/** `os.type` values of the semantic conventions, from Node's platform names. */
const OS_TYPES: Record<string, string> = { win32: 'windows', sunos: 'solaris' };
/** `host.arch` values of the semantic conventions, from Node's arch names. */
const HOST_ARCHS: Record<string, string> = { x64: 'amd64', ia32: 'x86', ppc64: 'ppc64', arm: 'arm32' };

/**
 * `key1=value1,key2=value2` with percent-encoded values. A malformed entry is an error naming it
 * (startup fails, as the Collector's env detector makes it), not a silently partial identity.
 */
export function parseResourceAttributes(text: string, from = 'OTEL_RESOURCE_ATTRIBUTES'): Detected {
  const out: Detected = {};
  for (const entry of text.split(',')) {
    if (entry.trim() === '') continue;
    const eq = entry.indexOf('=');
    const key = eq < 0 ? '' : entry.slice(0, eq).trim();
    if (!key) throw new Error(`${from}: "${entry.trim()}" is not key=value (for example "k8s.pod.name=web-0,k8s.namespace.name=shop")`);
    let value: string;
    try {
      value = decodeURIComponent(entry.slice(eq + 1).trim());
    } catch {
      throw new Error(`${from}: the value of "${key}" is not valid percent-encoding`);
    }
    out[key] = value;
  }
  return out;
}

export function detect(name: DetectorName, cfg: Config, env: NodeJS.ProcessEnv): Detected {
  switch (name) {
    case 'env':
      return parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
    case 'system': {
      const want = cfg.system.resource_attributes;
      const out: Detected = {};
      if (want['host.name'].enabled) out['host.name'] = hostname();
      if (want['os.type'].enabled) out['os.type'] = OS_TYPES[platform()] ?? platform();
      if (want['host.arch'].enabled) out['host.arch'] = HOST_ARCHS[arch()] ?? arch();
      return out;
    }
    case 'downward_api': {
      const out: Detected = {};
      for (const [variable, key] of Object.entries(DOWNWARD_API_ENV)) {
        const v = env[variable]?.trim();
        if (v) out[key] = v;
      }
      return out;
    }
  }
}

/** Every detector in order; the first to set an attribute keeps it (the Collector's rule). */
export function detectAll(cfg: Config, env: NodeJS.ProcessEnv): Detected {
  const out: Detected = {};
  for (const name of cfg.detectors) {
    for (const [k, v] of Object.entries(detect(name, cfg, env))) if (!(k in out)) out[k] = v;
  }
  return out;
}
