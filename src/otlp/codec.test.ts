import assert from 'node:assert/strict';
import { decodeLogRecords, decodeSpans, DecodeError } from './decode';
import { encodeLogs, encodeSpans, type Encoding } from './encode';
import { sampleLogs, sampleSpans, ATTRS, START_NS } from './testdata';
import { decodeRequest } from '../../test/helpers/sink';

describe('otlp codec', () => {
  for (const enc of ['proto', 'json'] as Encoding[]) {
    describe(enc, () => {
      it('decodes what the official serializer wrote, and re-encodes to the same bytes', () => {
        const bytes = encodeSpans(sampleSpans(), enc);
        const spans = decodeSpans(bytes, enc);
        assert.equal(spans.length, 2);
        assert.deepEqual(Buffer.from(encodeSpans(spans, enc)), Buffer.from(bytes));
        const logBytes = encodeLogs(sampleLogs(), enc);
        const logs = decodeLogRecords(logBytes, enc);
        assert.equal(logs.length, 2);
        assert.deepEqual(Buffer.from(encodeLogs(logs, enc)), Buffer.from(logBytes));
      });

      it('keeps ids, exact ns times, attributes, events, links, resource and scope', () => {
        const [parent, child] = decodeSpans(encodeSpans(sampleSpans(), enc), enc);
        assert.equal(parent.spanContext().traceId, '5b8efff798038103d269b633813fc60c');
        assert.deepEqual(parent.attributes, ATTRS);
        assert.deepEqual(parent.startTime, [Number(START_NS / 1_000_000_000n), Number(START_NS % 1_000_000_000n)]);
        assert.equal(parent.events[0].name, 'exception');
        assert.equal(parent.events[0].droppedAttributesCount, 2);
        assert.equal(parent.links[0].context.isRemote, true);
        assert.equal(parent.links[0].context.traceState?.get('vendor'), 'x');
        assert.equal(parent.status.message, 'boom');
        assert.equal(parent.droppedLinksCount, 5);
        assert.equal(child.parentSpanContext?.spanId, 'eee19b7ec3c1b174');
        // Both spans share one Resource and one scope object, so re-encoding groups them again.
        assert.equal(parent.resource, child.resource);
        assert.equal(parent.instrumentationScope, child.instrumentationScope);
        assert.equal(parent.resource.schemaUrl, 'https://opentelemetry.io/schemas/1.26.0');
        assert.equal(parent.instrumentationScope.schemaUrl, 'https://opentelemetry.io/schemas/1.20.0');
        const [log] = decodeLogRecords(encodeLogs(sampleLogs(), enc), enc);
        assert.deepEqual(log.body, { msg: 'cart empty', n: 2, nested: { ok: true }, list: ['x', 1] });
        assert.equal(log.eventName, 'cart.empty');
        assert.equal(log.spanContext?.spanId, 'eee19b7ec3c1b174');
      });

      it('agrees with the independent protobufjs decoder of the test sink', () => {
        const { spans } = decodeRequest('traces', enc, Buffer.from(encodeSpans(sampleSpans(), enc)));
        assert.equal(spans[0].startTimeUnixNano, START_NS.toString());
        assert.equal(spans[0].kind, 2);
        assert.deepEqual(spans[0].attributes, ATTRS);
        assert.equal(spans[1].parentSpanId, 'eee19b7ec3c1b174');
        const { logs } = decodeRequest('logs', enc, Buffer.from(encodeLogs(sampleLogs(), enc)));
        assert.equal(logs[0].severityNumber, 13);
        assert.equal(logs[0].eventName, 'cart.empty');
        assert.equal(logs[1].body, 'plain line');
      });
    });
  }

  it('accepts OTLP JSON written by hand: proto field names, enum names, numbers for int64', () => {
    const body = {
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x' } }] },
          scope_spans: [
            {
              spans: [
                {
                  trace_id: '5B8EFFF798038103D269B633813FC60C',
                  span_id: 'eee19b7ec3c1b174',
                  name: 'n',
                  kind: 'SPAN_KIND_CONSUMER',
                  start_time_unix_nano: 1000,
                  end_time_unix_nano: '2000',
                  status: { code: 'STATUS_CODE_OK' },
                  attributes: [{ key: 'i', value: { intValue: '-5' } }, { key: 'b', value: { bytesValue: 'AQI=' } }],
                },
              ],
            },
          ],
        },
      ],
    };
    const [s] = decodeSpans(Buffer.from(JSON.stringify(body)), 'json');
    assert.equal(s.spanContext().traceId, '5b8efff798038103d269b633813fc60c');
    assert.equal(s.kind, 4);
    assert.equal(s.status.code, 1);
    assert.equal(s.attributes.i, -5);
    assert.deepEqual(s.attributes.b, new Uint8Array([1, 2]));
  });

  const bad: [string, Encoding, Buffer | string, RegExp][] = [
    ['truncated protobuf', 'proto', Buffer.from([0x0a, 0x10, 0x01]), /runs past/],
    ['wire type mismatch', 'proto', Buffer.from([0x08, 0x01]), /wire type/],
    ['short trace id', 'json', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"abcd","spanId":"eee19b7ec3c1b174"}]}]}]}', /trace_id must be 16 bytes/],
    ['non-hex id', 'json', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}', /must be hex/],
    ['wrong type', 'json', '{"resourceSpans":{}}', /must be an array/],
    ['not JSON', 'json', '{', /invalid JSON/],
    ['time as a float', 'json', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":1.5}]}]}]}', /unsigned 64-bit/],
  ];
  for (const [name, enc, body, re] of bad) {
    it(`rejects ${name} with a DecodeError naming the problem`, () => {
      assert.throws(() => decodeSpans(Buffer.from(body), enc), (e: Error) => e instanceof DecodeError && re.test(e.message));
    });
  }

  it('refuses hostile nesting instead of exhausting the stack', () => {
    let v = '{"stringValue":"x"}';
    for (let i = 0; i < 200; i++) v = `{"arrayValue":{"values":[${v}]}}`;
    const body = `{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${v}}]}]}]}`;
    assert.throws(() => decodeLogRecords(Buffer.from(body), 'json'), /nested deeper/);
  });

  it('keeps "__proto__" as a plain attribute key', () => {
    const body = '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"__proto__","value":{"stringValue":"x"}}]}]}]}]}';
    const [log] = decodeLogRecords(Buffer.from(body), 'json');
    assert.equal(Object.getPrototypeOf(log.attributes), Object.prototype);
    assert.deepEqual(Object.keys(log.attributes), ['__proto__']);
  });
});
