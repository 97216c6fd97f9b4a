import assert from 'node:assert/strict';
import fc from 'fast-check';
import { rpcStatusTypes } from '../../test/helpers/sink-grpc';
import { decodeRpcStatus, encodeRpcStatus, RETRY_INFO_TYPE } from './rpc-status';

/** Checked against protobufjs, an independent implementation of the same messages. */
describe('google.rpc.Status codec', () => {
  const { Status, RetryInfo } = rpcStatusTypes();

  it('writes what protobufjs reads, RetryInfo included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.string(), fc.option(fc.integer({ min: 0, max: 10 ** 9 }), { nil: undefined }), (code, message, retryDelayMs) => {
        const st = Status.toObject(Status.decode(encodeRpcStatus({ code, message, retryDelayMs })), { longs: Number, defaults: true }) as any;
        assert.equal(st.code, code);
        assert.equal(st.message, message);
        if (retryDelayMs === undefined) return assert.deepEqual(st.details, []);
        assert.equal(st.details[0].type_url, RETRY_INFO_TYPE);
        const d = (RetryInfo.toObject(RetryInfo.decode(st.details[0].value), { longs: Number, defaults: true }) as any).retry_delay;
        assert.equal(d.seconds * 1000 + d.nanos / 1e6, retryDelayMs);
      }),
    );
  });

  it('reads what protobufjs writes, skipping details it does not know', () => {
    const info = RetryInfo.encode(RetryInfo.create({ retry_delay: { seconds: 2, nanos: 500_000_000 } })).finish();
    const bytes = Status.encode(
      Status.create({ code: 8, message: 'slow down', details: [{ type_url: 'type.googleapis.com/google.rpc.BadRequest', value: Buffer.from([0x0a, 0x00]) }, { type_url: RETRY_INFO_TYPE, value: info }] }),
    ).finish();
    assert.deepEqual(decodeRpcStatus(bytes), { code: 8, message: 'slow down', retryDelayMs: 2500 });
    assert.deepEqual(decodeRpcStatus(Status.encode(Status.create({ code: 14 })).finish()), { code: 14, message: '' });
  });

  it('throws on malformed bytes instead of guessing', () => {
    assert.throws(() => decodeRpcStatus(Buffer.from([0x12, 0x05, 0x61])), /runs past its message/);
  });
});
