import { Collector } from './collector';
import type { LoadedConfig } from './config';
import { errorMessage } from './consumer/errors';
import { createLogger } from './telemetry/logger';
import { Metrics } from './telemetry/metrics';
import { MetricsServer } from './telemetry/server';
import type { Io } from './cli';

/** Runs until SIGTERM/SIGINT; resolves with the process exit code. */
export async function runCollector(loaded: LoadedConfig, _io: Io): Promise<number> {
  const tel = loaded.config.service.telemetry;
  const logger = createLogger(tel.logs.level, tel.logs.encoding);
  for (const w of loaded.warnings) logger.warn(w);
  const metrics = new Metrics({ processMetrics: true });
  metrics.gauge('otelcol_process_uptime', 'Seconds since the process started', [], (g) => g.set(process.uptime()));

  // After startup, nothing an input does may stop the process: log what escaped and go on.
  process.on('uncaughtException', (err) => logger.error({ err: errorMessage(err), stack: err.stack }, 'uncaught exception (kept running)'));
  process.on('unhandledRejection', (err) => logger.error({ err: errorMessage(err) }, 'unhandled rejection (kept running)'));

  const server = tel.metrics.level === 'none' ? undefined : new MetricsServer(metrics, tel.metrics.address, (err) => logger.error({ err: err.message, component: 'telemetry' }, 'metrics server error'));
  const collector = new Collector(loaded.config, { logger, metrics });
  let stopping: Promise<number> | undefined;
  const stop = (signal: string): Promise<number> => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting for shutdown');
      process.exit(1);
    }
    logger.info({ signal }, 'shutting down');
    stopping = (async () => {
      await collector.shutdown();
      await server?.stop();
      logger.info('shutdown complete');
      return 0;
    })();
    return stopping;
  };

  const done = new Promise<number>((resolve) => {
    process.on('SIGTERM', () => void stop('SIGTERM').then(resolve));
    process.on('SIGINT', () => void stop('SIGINT').then(resolve));
  });
  try {
    if (server) {
      const addr = await server.start();
      logger.info({ address: addr, component: 'telemetry' }, `metrics server listening on ${addr}`);
    }
    await collector.start();
  } catch (err) {
    logger.error({ err: errorMessage(err) }, 'startup failed');
    await collector.shutdown();
    await server?.stop();
    return 1;
  }
  return done;
}
