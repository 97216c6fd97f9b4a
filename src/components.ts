import type { Factory } from './component/component';
import { factory as datadogReceiver } from '../receivers/datadog/factory';
import { factory as debugExporter } from '../exporters/debug/factory';
import { factory as fileExporter } from '../exporters/file/factory';
import { factory as logPipelineProcessor } from '../processors/log_pipeline/factory';
import { factory as otlpGrpcExporter } from '../exporters/otlp_grpc/factory';
import { factory as otlpHttpExporter } from '../exporters/otlp_http/factory';
import { factory as fileStorageExtension } from '../extensions/file_storage/factory';
import { factory as healthCheckExtension } from '../extensions/health_check/factory';
import { factory as traceIndexExtension } from '../extensions/trace_index/factory';
import { factory as attributesProcessor } from '../processors/attributes/factory';
import { factory as batchProcessor } from '../processors/batch/factory';
import { factory as memoryLimiterProcessor } from '../processors/memory_limiter/factory';
import { factory as resourceProcessor } from '../processors/resource/factory';
import { factory as resourceDetectionProcessor } from '../processors/resourcedetection/factory';
import { factory as otlpReceiver } from '../receivers/otlp/factory';
import { factory as fileLogReceiver } from '../receivers/file_log/factory';

/**
 * The one registry: every component the binary offers, listed explicitly so that
 * `dd-otel-bridge components` and config validation see the same set.
 */
export const FACTORIES: Factory[] = [
  // receivers
  otlpReceiver,
  datadogReceiver,
  fileLogReceiver,
  // processors
  attributesProcessor,
  batchProcessor,
  logPipelineProcessor,
  memoryLimiterProcessor,
  resourceProcessor,
  resourceDetectionProcessor,
  // exporters
  debugExporter,
  fileExporter,
  otlpGrpcExporter,
  otlpHttpExporter,
  // extensions
  fileStorageExtension,
  healthCheckExtension,
  traceIndexExtension,
];
