import assert from 'node:assert/strict';
import { redact, redactUrl, registerSecret, REDACTED } from './redact';

describe('redact', () => {
  it('masks the password of every URL, up to the last @ of the authority, and keeps the rest', () => {
    assert.equal(redactUrl('failed to send to http://user:PASSWORD123@127.0.0.1:9/v1/traces: ECONNREFUSED'), `failed to send to http://user:${REDACTED}@127.0.0.1:9/v1/traces: ECONNREFUSED`);
    assert.equal(redactUrl('{"url":"https://u:p@ss:w@host/x","n":1}'), `{"url":"https://u:${REDACTED}@host/x","n":1}`);
    assert.equal(redactUrl('a http://host:8080/path and mail me@example.com'), 'a http://host:8080/path and mail me@example.com');
    assert.equal(redactUrl('http://token@host/'), 'http://token@host/', 'a user name alone is not a password');
  });

  it('masks registered secrets wherever they appear, also JSON-escaped, and ignores values too short to matter', () => {
    registerSecret('Bearer tok"en-4711');
    registerSecret('on');
    const line = JSON.stringify({ msg: 'sent', header: 'Bearer tok"en-4711', flag: 'on' });
    assert.equal(redact(line), JSON.stringify({ msg: 'sent', header: REDACTED, flag: 'on' }));
    assert.equal(redact('plain Bearer tok"en-4711 text'), `plain ${REDACTED} text`);
  });

  it('masks a secret that contains another one whole', () => {
    registerSecret('abcd');
    registerSecret('xxabcdxx');
    assert.equal(redact('k=xxabcdxx'), `k=${REDACTED}`);
  });
});
