/**
 * Where the receiver's CPU goes per span, without HTTP: decode, translate, and the OTel
 * protobuf serializer that stands in for the export. Best of 5 rounds (the machine is shared).
 * `npx tsx bench/datadog-micro.ts`
 */
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { ResourceCache } from '../src/data/resource';
import { decodeTraces } from '../receivers/datadog/decode';
import { translatePayload } from '../receivers/datadog/translate';
import { makeBody } from './datadog-corpus';

const bodies = Array.from({ length: 16 }, (_, i) => makeBody(1000 + i));
const cache = new ResourceCache();
const origin = { language: 'nodejs', tracerVersion: '5.0.0' };

function time(name: string, fn: (b: Buffer) => void): void {
  const rounds = 200;
  for (let i = 0; i < 100; i++) fn(bodies[i % bodies.length]);
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < rounds; i++) fn(bodies[i % bodies.length]);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e3 / (rounds * 200));
  }
  console.log(`${name.padEnd(34)} ${best.toFixed(2)} µs/span  ${(1e6 / best).toFixed(0).padStart(8)} spans/s`);
}

time('decode', (b) => decodeTraces('v0.4', 'msgpack', b));
time('decode + translate', (b) => translatePayload(decodeTraces('v0.4', 'msgpack', b), origin, cache));
time('decode + translate + serialize', (b) => ProtobufTraceSerializer.serializeRequest(translatePayload(decodeTraces('v0.4', 'msgpack', b), origin, cache).spans));
