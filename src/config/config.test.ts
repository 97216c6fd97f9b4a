import assert from 'node:assert/strict';
import path from 'node:path';
import { Registry } from '../component/registry';
import { FACTORIES } from '../components';
import { testExporterFactory, testReceiverFactory } from '../../test/helpers/test-factories';
import { loadConfig, ConfigError } from './index';
import { expandEnv } from './env';
import { parseDuration } from './schema';

const registry = new Registry([...FACTORIES, testReceiverFactory, testExporterFactory]);
const data = (name: string) => path.join(__dirname, 'testdata', name);

function issuesOf(files: string[], env: NodeJS.ProcessEnv = {}): string[] {
  try {
    loadConfig(files.map(data), registry, env);
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    return e.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  }
  assert.fail('expected the configuration to be rejected');
}

describe('config', () => {
  it('decodes a full valid file into typed config with defaults filled in', () => {
    const { config, warnings } = loadConfig([data('valid-full.yaml')], registry, {});
    assert.deepEqual(warnings, []);
    assert.deepEqual(config.processors.get('batch')!.config, { send_batch_size: 100, send_batch_max_size: 0, timeout: 1000 });
    assert.deepEqual(config.processors.get('batch/fast')!.config, { send_batch_size: 512, send_batch_max_size: 0, timeout: 10 });
    assert.deepEqual(config.processors.get('memory_limiter')!.config, {
      check_interval: 2000, limit_mib: 300, spike_limit_mib: 0, limit_percentage: 0, spike_limit_percentage: 0,
    });
    assert.deepEqual(config.extensions.get('health_check')!.config, { endpoint: '127.0.0.1:13133', path: '/' });
    assert.deepEqual(config.exporters.get('file/out')!.config, {
      path: './out/traces.jsonl',
      sending_queue: { enabled: false, num_consumers: 10, queue_size: 1000, sizer: 'requests', block_on_overflow: false },
    });
    assert.equal(config.exporters.get('file/out')!.type, 'file');
    const logs = config.service.pipelines.get('logs/app')!;
    assert.equal(logs.signal, 'logs');
    assert.deepEqual(logs.processors, ['attributes', 'batch/fast']);
    assert.deepEqual(config.service.telemetry, { logs: { level: 'debug', encoding: 'json' }, metrics: { address: '127.0.0.1:0', level: 'normal' } });
  });

  it('reports every typo, wrong type and dangling reference at once, naming the fix', () => {
    assert.deepEqual(issuesOf(['typos.yaml']), [
      'receivers::test_rx::endpont: unknown key; did you mean "endpoint"? (valid keys: endpoint, label)',
      `processors::batchh: unknown processor type "batchh"; did you mean "batch"? (valid types: ${registry.types('processor').join(', ')})`,
      'processors::memory_limiter::check_interval: must be a duration such as "5s" or "200ms", got "soon"',
      'processors::memory_limiter::limit_mib: must be an integer >= 0, got "lots"',
      'exporters::debug::verbosity: must be one of "basic", "normal", "detailed", got "loud"',
      `exporters::logging: unknown exporter type "logging"; the "logging" exporter was replaced by "debug" (valid types: ${registry.types('exporter').join(', ')})`,
      'service::pipelines::traces: references processor "nop" which is not configured',
      'service::pipelines::traces: references exporter "otlp_http" which is not configured',
    ]);
  });

  it('rejects structural mistakes: empty pipelines, unknown signals, duplicates, bad extension refs', () => {
    assert.deepEqual(issuesOf(['structure.yaml']), [
      'extensions::health_check::endpoint: must be host:port, got "13133" (for example "127.0.0.1:13133")',
      'service::extensions: references extension "pprof" which is not configured',
      'service::pipelines::traces: must have at least one receiver',
      'service::pipelines::metrics: unknown signal "metrics"; metrics pipelines are not supported by this bridge (pipeline ids are traces[/name] or logs[/name])',
      'service::pipelines::logs: must have at least one exporter',
      'service::pipelines::logs: references receiver "test_rx" multiple times',
    ]);
  });

  it('expands ${env:VAR:-default}, ${VAR} and $$, warning about unset variables', () => {
    const { config, warnings } = loadConfig([data('env.yaml')], registry, { RX_PORT: '4242' });
    assert.deepEqual(config.receivers.get('test_rx')!.config, { endpoint: '127.0.0.1:4242', label: 'cost $5 ' });
    assert.deepEqual(warnings, ['receivers::test_rx::label: configuration references unset environment variable "UNSET_VAR_FOR_TEST"; using an empty value']);
  });

  it('re-reads a value that is exactly one reference as YAML, so numbers fill integer fields', () => {
    const r = expandEnv({ a: '${env:N}', b: 'x${env:N}', c: '${env:S}' }, { N: '42', S: 'true' });
    assert.deepEqual(r.value, { a: 42, b: 'x42', c: true });
  });

  it('merges --config files in order: maps merge, lists are replaced', () => {
    const { config } = loadConfig([data('valid-full.yaml'), data('override.yaml')], registry, {});
    assert.equal((config.exporters.get('debug')!.config as { verbosity: string }).verbosity, 'normal');
    assert.deepEqual(config.service.pipelines.get('traces')!.exporters, ['debug']);
    assert.deepEqual(config.service.pipelines.get('traces')!.processors, ['memory_limiter', 'batch']);
  });

  it('accepts a deprecated alias with a warning and resolves it to the real type', () => {
    const { config, warnings } = loadConfig([data('alias.yaml')], registry, {});
    assert.equal(config.exporters.get('dbg')!.type, 'test_sink');
    assert.deepEqual(warnings, ['exporters::dbg: "dbg" is a deprecated spelling; use "test_sink"']);
  });

  it('names an unreadable file and YAML syntax errors with their position', () => {
    assert.deepEqual(issuesOf(['does-not-exist.yaml']), [`cannot read config file "${data('does-not-exist.yaml')}": no such file`]);
    const [yamlIssue] = issuesOf(['bad-yaml.yaml']);
    assert.match(yamlIssue, /bad-yaml\.yaml:\d+:\d+: YAML error: /);
  });

  it('checks storage references and refuses two spellings of one component', () => {
    assert.deepEqual(issuesOf(['refs.yaml']), [
      'exporters::otlp_http: names the same component as "otlp_http" (old and new spellings of one type); rename one of them, for example "otlp_http/2"',
      'exporters::otlphttp::sending_queue::storage: references extension "file_storage/typo" which is not configured; did you mean "file_storage"?',
      'exporters::otlp_http/b::sending_queue::storage: references extension "file_storage", which is configured but not started: add it to service::extensions',
    ]);
  });

  it('parses Go durations', () => {
    assert.equal(parseDuration('1m30s'), 90000);
    assert.equal(parseDuration('200ms'), 200);
    assert.equal(parseDuration('1.5h'), 5400000);
    assert.equal(parseDuration('5'), undefined);
    assert.equal(parseDuration('5 s'), undefined);
  });
});
