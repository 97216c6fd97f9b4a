/**
 * Datadog tag keys → OpenTelemetry semantic-convention keys (semconv 1.40 names), the table the
 * datadogreceiver uses. Matching is case-insensitive on the Datadog key.
 */
const KEYS: Record<string, string> = {
  env: 'deployment.environment.name',
  service: 'service.name',
  version: 'service.version',
  container_id: 'container.id',
  container_name: 'container.name',
  image_name: 'container.image.name',
  image_tag: 'container.image.tags',
  runtime: 'container.runtime.name',
  cloud_provider: 'cloud.provider',
  region: 'cloud.region',
  zone: 'cloud.availability_zone',
  task_family: 'aws.ecs.task.family',
  task_arn: 'aws.ecs.task.arn',
  ecs_cluster_name: 'aws.ecs.cluster.arn',
  task_version: 'aws.ecs.task.revision',
  ecs_container_name: 'container.name',
  kube_container_name: 'k8s.container.name',
  kube_cluster_name: 'k8s.cluster.name',
  kube_deployment: 'k8s.deployment.name',
  kube_replica_set: 'k8s.replicaset.name',
  kube_stateful_set: 'k8s.statefulset.name',
  kube_daemon_set: 'k8s.daemonset.name',
  kube_job: 'k8s.job.name',
  kube_cronjob: 'k8s.cronjob.name',
  kube_namespace: 'k8s.namespace.name',
  pod_name: 'k8s.pod.name',
  'http.client_ip': 'client.address',
  'http.method': 'http.request.method',
  'http.status_code': 'http.response.status_code',
  'http.url': 'url.full',
  'http.useragent': 'user_agent.original',
  'http.version': 'network.protocol.version',
  'http.server_name': 'server.address',
  'http.referer': 'http.request.header.referer',
  'http.request.content_length': 'http.request.body.size',
  'http.response.content_length': 'http.response.body.size',
  'db.type': 'db.system.name',
  'db.operation': 'db.operation.name',
  'db.instance': 'db.namespace',
  'db.sql.table': 'db.collection.name',
  'db.statement': 'db.query.text',
  'db.pool.name': 'db.client.connection.pool.name',
  'aws.s3.bucket_name': 'aws.s3.bucket',
  'aws.response.request_id': 'aws.request_id',
  'aws.service': 'rpc.service',
  'aws.operation': 'rpc.method',
  process_id: 'process.pid',
  'error.msg': 'exception.message',
  // dd-trace-js writes error.message where the others write error.msg.
  'error.message': 'exception.message',
  'error.stacktrace': 'exception.stacktrace',
};

const KEY_MAP = new Map(Object.entries(KEYS));
const REQ_HEADERS = 'http.request.headers.';
const RESP_HEADERS = 'http.response.headers.';

function hasUpper(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

/** The OTel key for a Datadog meta/metrics key; unknown keys pass through unchanged. */
export function otelKey(key: string): string {
  const hit = KEY_MAP.get(key);
  if (hit !== undefined) return hit;
  if (key.startsWith(REQ_HEADERS)) return 'http.request.header.' + key.slice(REQ_HEADERS.length);
  if (key.startsWith(RESP_HEADERS)) return 'http.response.header.' + key.slice(RESP_HEADERS.length);
  if (hasUpper(key)) {
    const lower = KEY_MAP.get(key.toLowerCase());
    if (lower !== undefined) return lower;
  }
  return key;
}

/** Normalised `telemetry.sdk.language` values from `Datadog-Meta-Lang`. */
const LANGUAGES: Record<string, string> = {
  python: 'python',
  nodejs: 'nodejs',
  javascript: 'nodejs',
  go: 'go',
  golang: 'go',
  java: 'java',
  jvm: 'java',
  '.net': 'dotnet',
  dotnet: 'dotnet',
  ruby: 'ruby',
  php: 'php',
  cpp: 'cpp',
  'c++': 'cpp',
  rust: 'rust',
  elixir: 'erlang',
  erlang: 'erlang',
  swift: 'swift',
};

/** The language as OTel spells it, or undefined for anything unknown (kept out of metric labels). */
export function knownLanguage(lang: string): string | undefined {
  return LANGUAGES[lang.trim().toLowerCase()];
}
