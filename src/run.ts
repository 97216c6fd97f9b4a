/** The `run` command: starts the telemetry server and the collector, and stops them on SIGTERM/SIGINT. */
import { Collector } from './collector';
import type { LoadedConfig } from './config';
import { errorMessage } from './consumer/errors';
import { createLogger } from './telemetry/logger';
import { Metrics } from './telemetry/metrics';
import { listenOverflows } from './telemetry/netstat';
import { MetricsServer } from './telemetry/server';

/** A signal repeated within this long after the first is the same request delivered twice. */
const REPEAT_IS_DUPLICATE_MS = 1000;

/**
 * Runs until SIGTERM/SIGINT; resolves with the process exit code: 0 after a clean shutdown, 1
 * when startup failed or a second signal asked not to wait for the shutdown (main.ts exits).
 */
export async function runCollector(loaded: LoadedConfig): Promise<number> {
  const tel = loaded.config.service.telemetry;
  const logger = createLogger(tel.logs.level, tel.logs.encoding);
  for (const w of loaded.warnings) logger.warn({ warning: w }, 'Configuration warning');
  const metrics = new Metrics({ processMetrics: true });
  metrics.gauge('otelcol_process_uptime', 'Seconds since the process started', [], (g) => g.set(process.uptime()));
  const overflowsAtStart = listenOverflows();
  if (overflowsAtStart !== undefined) {
    metrics.gauge(
      'otelcol_process_listen_overflows',
      'Connections the kernel refused since this process started because a listen backlog was full (counted per network namespace, so a pod\'s other listeners count too)',
      [],
      (g) => g.set((listenOverflows() ?? overflowsAtStart) - overflowsAtStart),
    );
  }

  // After startup, nothing an input does may stop the process: log what escaped and go on.
  process.on('uncaughtException', (err) => logger.error({ err: errorMessage(err), stack: err.stack }, 'Uncaught exception; kept running'));
  process.on('unhandledRejection', (err) => logger.error({ err: errorMessage(err) }, 'Unhandled rejection; kept running'));

  const server =
    tel.metrics.level === 'none'
      ? undefined
      : new MetricsServer(metrics, tel.metrics.address, (err) => logger.error({ err: err.message, component: 'telemetry' }, 'Metrics server error'));
  const collector = new Collector(loaded.config, { logger, metrics });
  let stoppingSince = 0;
  const done = new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      if (stoppingSince) {
        // One signal often arrives twice: sent to the process group of `npm start` (or a Ctrl-C
        // in its terminal) and forwarded by npm too. Only a later one is someone insisting.
        if (Date.now() - stoppingSince < REPEAT_IS_DUPLICATE_MS) return logger.debug({ signal }, 'Signal repeated; already shutting down');
        logger.warn({ signal }, 'Second signal; exiting without waiting for the shutdown');
        return resolve(1);
      }
      stoppingSince = Date.now();
      logger.info({ signal }, 'Shutting down');
      void (async () => {
        await collector.shutdown();
        await server?.stop();
        logger.info('Shutdown complete');
        resolve(0);
      })();
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
  try {
    if (server) {
      const address = await server.start();
      logger.info({ address, component: 'telemetry' }, 'Metrics server is listening');
    }
    await collector.start();
  } catch (err) {
    logger.error({ err: errorMessage(err) }, 'Startup failed');
    await collector.shutdown();
    await server?.stop();
    return 1;
  }
  return done;
}
