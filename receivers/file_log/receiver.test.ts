import assert from 'node:assert/strict';
import { appendFileSync, promises as fsp, renameSync, copyFileSync, truncateSync, writeFileSync, unlinkSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { RefusedError, PermanentError } from '../../src/consumer/errors';
import { SinkConsumer } from '../../src/consumer/testing';
import type { LogRecord } from '../../src/consumer/consumer';
import { NO_HOST, testSettings } from '../../src/component/testing';
import type { ConfigIssue } from '../../src/config/issue';
import { factory } from './factory';
import { assertExactlyOnce, bodies, line, lines, sleep, startReceiver, tempDir, text, until, type LogLine } from './testing';

describe('file_log receiver', () => {
  it('reads existing lines with start_at: beginning, with file name and path attributes', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text(lines('a', 0, 100)));
    const rx = await startReceiver({ include: [path.join(dir, '*.log')], start_at: 'beginning', include_file_path: true });
    try {
      await rx.sink.waitForItems(100);
      assert.deepEqual(bodies(rx.sink), lines('a', 0, 100));
      const rec = rx.sink.items[0];
      assert.equal(rec.attributes['log.file.name'], 'app.log');
      assert.equal(rec.attributes['log.file.path'], file);
      assert.ok(rec.hrTime[0] > 0 && rec.hrTimeObserved[0] > 0);
      assert.equal(rx.sink.items[0].resource, rx.sink.items[99].resource, 'records share one Resource');
      assert.equal(await rx.metrics.value('otelcol_receiver_accepted_log_records_total', { receiver: 'file_log' }), 100);
      assert.equal(await rx.metrics.value('otelcol_fileconsumer_open_files', { receiver: 'file_log' }), 1);
    } finally {
      await rx.stop();
    }
  });

  it('with start_at: end skips what was there at start but reads appends and new files from their start', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text(lines('old', 0, 50)));
    const rx = await startReceiver({ include: [path.join(dir, '*.log')] });
    try {
      await until(async () => (await rx.metrics.value('otelcol_fileconsumer_open_files')) === 1, 'the first poll to open the file at its end');
      appendFileSync(file, text(lines('new', 0, 10)));
      writeFileSync(path.join(dir, 'later.log'), text(lines('later', 0, 5)));
      await rx.sink.waitForItems(15);
      await sleep(100);
      assertExactlyOnce(bodies(rx.sink), [...lines('new', 0, 10), ...lines('later', 0, 5)]);
    } finally {
      await rx.stop();
    }
  });

  it('applies exclude globs and ** across directories', async () => {
    const dir = await tempDir();
    await fsp.mkdir(path.join(dir, 'svc', 'deep'), { recursive: true });
    writeFileSync(path.join(dir, 'svc', 'deep', 'a.log'), 'deep a\n');
    writeFileSync(path.join(dir, 'svc', 'b.log'), 'shallow b\n');
    writeFileSync(path.join(dir, 'svc', 'deep', 'debug.log'), 'debug noise\n');
    writeFileSync(path.join(dir, 'svc', 'c.txt'), 'not a log\n');
    const rx = await startReceiver({ include: [path.join(dir, '**', '*.log')], exclude: [path.join(dir, '**', 'debug*.log')], start_at: 'beginning' });
    try {
      await rx.sink.waitForItems(2);
      await sleep(100);
      assert.deepEqual(bodies(rx.sink).sort(), ['deep a', 'shallow b']);
    } finally {
      await rx.stop();
    }
  });

  it('follows rename-and-create rotation while the app writes, even when the rotated name is not matched', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, '');
    const rx = await startReceiver({ include: [file], start_at: 'beginning' });
    const expected: string[] = [];
    try {
      let n = 0;
      for (let gen = 0; gen < 5; gen++) {
        // Each generation lives for several polls: a file rotated out of the glob before any
        // poll saw it cannot be found (the Collector has the same limit).
        for (let k = 0; k < 40; k++) {
          const l = line(`gen${gen}`, n++);
          appendFileSync(file, l + '\n');
          expected.push(l);
          if (k % 5 === 0) await sleep(10);
        }
        renameSync(file, path.join(dir, `app.log.${gen}`)); // logrotate's default "create" mode
        writeFileSync(file, '');
      }
      await rx.sink.waitForItems(expected.length);
      await sleep(200);
      assertExactlyOnce(bodies(rx.sink), expected);
    } finally {
      await rx.stop();
    }
  });

  it('follows rename rotation when rotated names are matched too, without re-reading them', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text(lines('first', 0, 30)));
    const rx = await startReceiver({ include: [path.join(dir, 'app.log*')], start_at: 'beginning' });
    try {
      await rx.sink.waitForItems(30);
      appendFileSync(file, text(lines('first', 30, 40)));
      renameSync(file, file + '.1');
      writeFileSync(file, text(lines('second', 0, 20)));
      await rx.sink.waitForItems(60);
      await sleep(150);
      assertExactlyOnce(bodies(rx.sink), [...lines('first', 0, 40), ...lines('second', 0, 20)]);
    } finally {
      await rx.stop();
    }
  });

  it('handles copytruncate while writing: the matched copy supplies the unread tail, the truncated file restarts at 0', async function () {
    this.timeout(60000); // a bound for a loaded machine; each step waits for an event, not a time
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, '');
    const rx = await startReceiver({ include: [path.join(dir, 'app.log*')], start_at: 'beginning' });
    const expected: string[] = [];
    try {
      for (let gen = 0; gen < 4; gen++) {
        const gl = lines(`ct${gen}`, gen * 50, gen * 50 + 50);
        // The first half is read and delivered (the truncated file restarted at 0 for it)...
        appendFileSync(file, text(gl.slice(0, 25)));
        expected.push(...gl.slice(0, 25));
        await rx.sink.waitForItems(expected.length, 15000);
        // ...then the app writes on, and logrotate copies and truncates in one step (no write in
        // between): the second half is in the copy only.
        appendFileSync(file, text(gl.slice(25)));
        copyFileSync(file, `${file}.${gen}`);
        truncateSync(file, 0);
        expected.push(...gl.slice(25));
      }
      await rx.sink.waitForItems(expected.length, 15000);
      await sleep(300); // room for a duplicate to show up
      assertExactlyOnce(bodies(rx.sink), expected);
      // The first three were seen before the next generation could be read; the last one may not be yet.
      assert.ok((await rx.metrics.value('otelcol_fileconsumer_truncations_total')) >= 3);
    } finally {
      await rx.stop();
    }
  });

  it('notices a truncation (size below the offset) when the copy is not matched', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, text(lines('before', 0, 50)));
    const rx = await startReceiver({ include: [file], start_at: 'beginning' });
    try {
      await rx.sink.waitForItems(50);
      copyFileSync(file, path.join(dir, 'rotated.old'));
      truncateSync(file, 0);
      await sleep(60);
      appendFileSync(file, text(lines('after', 0, 5)));
      await rx.sink.waitForItems(55);
      await sleep(100);
      assertExactlyOnce(bodies(rx.sink), [...lines('before', 0, 50), ...lines('after', 0, 5)]);
    } finally {
      await rx.stop();
    }
  });

  it('restarts from its checkpoint: nothing lost, nothing repeated, also across a rotation while stopped', async () => {
    const dir = await tempDir();
    const storageDir = path.join(dir, 'storage');
    const logs = path.join(dir, 'logs');
    await fsp.mkdir(logs);
    const file = path.join(logs, 'app.log');
    writeFileSync(file, text(lines('one', 0, 300)));
    const cfg = { include: [path.join(logs, 'app.log*')], start_at: 'end' };

    const first = await startReceiver(cfg, { storageDir });
    await until(async () => (await first.metrics.value('otelcol_fileconsumer_open_files')) === 1, 'the first poll to open the file at its end');
    appendFileSync(file, text(lines('one', 300, 500)));
    await first.sink.waitForItems(200);
    // A line still being written at shutdown must not be split or lost.
    appendFileSync(file, 'half of a li');
    await sleep(30);
    await first.stop();

    appendFileSync(file, 'ne\n' + text(lines('one', 500, 600)));
    renameSync(file, file + '.1');
    writeFileSync(file, text(lines('two', 0, 100)));

    const second = await startReceiver(cfg, { storageDir });
    try {
      await second.sink.waitForItems(201);
      await sleep(200);
      assertExactlyOnce([...bodies(first.sink), ...bodies(second.sink)], [...lines('one', 300, 500), 'half of a line', ...lines('one', 500, 600), ...lines('two', 0, 100)]);
    } finally {
      await second.stop();
    }
  });

  it('at shutdown, waits for the batch a read under way hands over after the stop began, and keeps its checkpoint', async () => {
    // The stop begins inside the first consume, before the loop has counted that batch as in
    // flight; the batch is accepted only later. Not waited for, its lines were exported with no
    // checkpoint after them, and read and exported again on the next start.
    class StopOnFirst extends SinkConsumer<LogRecord> {
      stop?: () => Promise<void>;
      stopping?: Promise<void>;
      override consume(batch: LogRecord[]): Promise<void> {
        if (!this.stopping && this.stop) this.stopping = this.stop();
        return super.consume(batch);
      }
    }
    const dir = await tempDir();
    const storageDir = path.join(dir, 'storage');
    const logs = path.join(dir, 'logs');
    await fsp.mkdir(logs);
    const cfg = { include: [path.join(logs, 'app.log')], start_at: 'beginning' };
    const sink = new StopOnFirst();
    sink.delayMs = 100;
    const first = await startReceiver(cfg, { storageDir, sink });
    sink.stop = () => first.stop();
    writeFileSync(path.join(logs, 'app.log'), text(lines('a', 0, 50)));
    await until(async () => sink.stopping !== undefined, 'the first batch to arrive');
    await sink.stopping;
    const second = await startReceiver(cfg, { storageDir });
    try {
      await sleep(300);
      assertExactlyOnce([...bodies(sink), ...bodies(second.sink)], lines('a', 0, 50));
    } finally {
      await second.stop();
    }
  });

  it('resumes from its checkpoint when the log directory shows up long (many polls) after a restart', async () => {
    const dir = await tempDir();
    const storageDir = path.join(dir, 'storage');
    const logs = path.join(dir, 'logs');
    const away = path.join(dir, 'away');
    await fsp.mkdir(logs);
    const file = path.join(logs, 'app.log');
    writeFileSync(file, text(lines('old', 0, 50)));
    const cfg = { include: [path.join(logs, '*.log')], start_at: 'beginning' };
    const first = await startReceiver(cfg, { storageDir });
    await first.sink.waitForItems(50);
    await sleep(100);
    await first.stop();

    renameSync(logs, away);
    const second = await startReceiver(cfg, { storageDir });
    try {
      await sleep(20 * 40); // 40 polls of 20 ms without the file: more than the 30 a checkpoint used to last
      renameSync(away, logs);
      appendFileSync(file, text(lines('new', 0, 10)));
      await second.sink.waitForItems(10);
      await sleep(200);
      assertExactlyOnce([...bodies(first.sink), ...bodies(second.sink)], [...lines('old', 0, 50), ...lines('new', 0, 10)]);
    } finally {
      await second.stop();
    }
  });

  it('joins multiline entries by line_start_pattern and flushes the last one when the file goes quiet', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'java.log');
    const trace = ['2024-06-01 10:00:00 ERROR boom', 'java.lang.IllegalStateException: x', '\tat a.b.C.d(C.java:10)', '\tat a.b.C.e(C.java:20)'];
    writeFileSync(file, [...trace, '2024-06-01 10:00:01 INFO fine', '2024-06-01 10:00:02 WARN last', '  continued'].join('\n') + '\n');
    const rx = await startReceiver({ include: [file], start_at: 'beginning', multiline: { line_start_pattern: '^\\d{4}-\\d{2}-\\d{2} ' } });
    try {
      await rx.sink.waitForItems(3);
      assert.deepEqual(bodies(rx.sink), [trace.join('\n'), '2024-06-01 10:00:01 INFO fine', '2024-06-01 10:00:02 WARN last\n  continued']);
    } finally {
      await rx.stop();
    }
  });

  it('flushes a last line without a newline after force_flush_period', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'app.log');
    writeFileSync(file, 'complete\nno newline yet');
    const rx = await startReceiver({ include: [file], start_at: 'beginning', force_flush_period: '1s' }); // far above the 50 ms looked at
    try {
      await rx.sink.waitForItems(1);
      await sleep(50);
      assert.deepEqual(bodies(rx.sink), ['complete']);
      await rx.sink.waitForItems(2);
      assert.deepEqual(bodies(rx.sink), ['complete', 'no newline yet']);
    } finally {
      await rx.stop();
    }
  });

  for (const [encoding, bytes, expected] of [
    ['utf-16le', Buffer.from('\ufeffhéllo wörld\r\nzweite Zeile\n', 'utf16le'), ['héllo wörld', 'zweite Zeile']],
    ['utf-16be', Buffer.from('日本語\n€uro\n', 'utf16le').swap16(), ['日本語', '€uro']],
    ['latin1', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a, 0xa3, 0x35, 0x0a]), ['café', '£5']],
    ['ascii', Buffer.from('plain\nascii\n'), ['plain', 'ascii']],
  ] as const) {
    it(`decodes ${encoding} files`, async () => {
      const dir = await tempDir();
      const file = path.join(dir, 'enc.log');
      writeFileSync(file, bytes);
      const rx = await startReceiver({ include: [file], start_at: 'beginning', encoding });
      try {
        await rx.sink.waitForItems(expected.length);
        assert.deepEqual(bodies(rx.sink), expected);
      } finally {
        await rx.stop();
      }
    });
  }

  it('truncates a 10 MB line to max_log_size, counts it, and keeps reading', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'big.log');
    writeFileSync(file, Buffer.concat([Buffer.from('before\n'), Buffer.alloc(10 * 1024 * 1024, 'x'), Buffer.from('\nafter\n')]));
    const rx = await startReceiver({ include: [file], start_at: 'beginning' });
    try {
      await rx.sink.waitForItems(3);
      await sleep(100);
      const got = bodies(rx.sink);
      assert.equal(got.length, 3);
      assert.equal(got[0], 'before');
      assert.equal(got[1].length, 1024 * 1024);
      assert.equal(got[2], 'after');
      assert.equal(await rx.metrics.value('otelcol_fileconsumer_truncated_log_records_total'), 1);
    } finally {
      await rx.stop();
    }
  });

  it('splits long entries instead when max_log_size_behavior is split', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'big.log');
    writeFileSync(file, 'a'.repeat(250) + '\n');
    const rx = await startReceiver({ include: [file], start_at: 'beginning', max_log_size: 100, max_log_size_behavior: 'split' });
    try {
      await rx.sink.waitForItems(3);
      assert.deepEqual(bodies(rx.sink).map((b) => b.length), [100, 100, 50]);
    } finally {
      await rx.stop();
    }
  });

  it('survives binary junk and invalid UTF-8: replaced characters, a counter, no crash', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'junk.log');
    const junk = Buffer.alloc(200_000);
    let seed = 7;
    for (let i = 0; i < junk.length; i++) junk[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    writeFileSync(file, Buffer.concat([junk, Buffer.from('\nstill alive\n')]));
    const rx = await startReceiver({ include: [file], start_at: 'beginning' });
    try {
      await until(() => bodies(rx.sink).includes('still alive'), 'the line after the junk');
      assert.ok(bodies(rx.sink).some((b) => b.includes('\ufffd')));
      assert.ok((await rx.metrics.value('otelcol_fileconsumer_decode_errors_total')) >= 1);
    } finally {
      await rx.stop();
    }
  });

  it('reports files it cannot read and keeps reading the others', async () => {
    const dir = await tempDir();
    symlinkSync(path.join(dir, 'loop.log'), path.join(dir, 'loop.log')); // ELOOP even for root
    writeFileSync(path.join(dir, 'ok.log'), 'readable\n');
    const rx = await startReceiver({ include: [path.join(dir, '*.log')], start_at: 'beginning' });
    try {
      await rx.sink.waitForItems(1);
      await until(async () => (await rx.metrics.value('otelcol_fileconsumer_file_errors_total', { reason: 'ELOOP' })) >= 1, 'an ELOOP error count');
      assert.deepEqual(bodies(rx.sink), ['readable']);
    } finally {
      await rx.stop();
    }
  });

  it('finishes a file deleted while it is being read, then closes it', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'gone.log');
    const all = lines('del', 0, 20000);
    writeFileSync(file, text(all));
    const sink = new SinkConsumer<LogRecord>();
    sink.delayMs = 5; // slow pipeline, so the delete lands mid-file
    const rx = await startReceiver({ include: [file], start_at: 'beginning' }, { sink });
    try {
      await sink.waitForItems(1);
      unlinkSync(file);
      await sink.waitForItems(all.length, 20000);
      assertExactlyOnce(bodies(sink), all);
      await until(async () => (await rx.metrics.value('otelcol_fileconsumer_open_files')) === 0, 'the deleted file to be closed');
    } finally {
      await rx.stop();
    }
  });

  it('warns once for each include glob that matches nothing, naming the glob and the directory it looked in', async () => {
    const dir = await tempDir();
    const none = path.join(dir, '*.log');
    const gone = path.join(dir, 'nowhere', '*.log');
    const logs: LogLine[] = [];
    const rx = await startReceiver({ include: [none, gone], start_at: 'beginning' }, { logs });
    const warnings = (glob: string) => logs.filter((l) => l.level === 40 && l.glob === glob);
    try {
      await until(() => warnings(none).length > 0 && warnings(gone).length > 0, 'a warning for each glob');
      assert.equal(warnings(none)[0].directory, dir);
      assert.equal(warnings(none)[0].msg, `No file matches the glob "${none}" (looked in "${dir}"); files that show up later are read`);
      assert.equal(warnings(gone)[0].directory, path.join(dir, 'nowhere'));
      assert.match(warnings(gone)[0].msg, /\(looked in ".*nowhere", which does not exist\)/);
      // Two more polls that find new files, and still one warning each.
      writeFileSync(path.join(dir, 'a.log'), 'first\n');
      await rx.sink.waitForItems(1);
      writeFileSync(path.join(dir, 'b.log'), 'second\n');
      await rx.sink.waitForItems(2);
      assert.equal(warnings(none).length, 1);
      assert.equal(warnings(gone).length, 1);
    } finally {
      await rx.stop();
    }
  });

  it('reads two files with distinct content side by side', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'a.log'), text(lines('A', 0, 3000)));
    writeFileSync(path.join(dir, 'b.log'), text(lines('B', 0, 3000)));
    const rx = await startReceiver({ include: [path.join(dir, '*.log')], start_at: 'beginning' });
    try {
      await rx.sink.waitForItems(6000);
      assertExactlyOnce(bodies(rx.sink), [...lines('A', 0, 3000), ...lines('B', 0, 3000)]);
    } finally {
      await rx.stop();
    }
  });
});

describe('file_log config', () => {
  function issuesOf(raw: Record<string, unknown>): string[] {
    const issues: ConfigIssue[] = [];
    const cfg = factory.config.decode(raw, 'receivers::file_log', issues);
    if (cfg) for (const i of factory.validate!(cfg)) issues.push({ path: `receivers::file_log${i.path ? '::' + i.path : ''}`, message: i.message });
    return issues.map((i) => `${i.path}: ${i.message}`);
  }

  it('has the Collector defaults', () => {
    const issues: ConfigIssue[] = [];
    const cfg = factory.config.decode({ include: ['x.log'] }, '', issues)!;
    assert.equal(cfg.start_at, 'end');
    assert.equal(cfg.poll_interval, 200);
    assert.equal(cfg.fingerprint_size, 1000);
    assert.equal(cfg.max_log_size, 1024 * 1024);
    assert.equal(cfg.force_flush_period, 500);
    assert.equal(cfg.include_file_name, true);
    assert.equal(cfg.include_file_path, false);
    assert.equal(cfg.encoding, 'utf-8');
  });

  it('names every mistake with its path', () => {
    assert.deepEqual(issuesOf({}), ['receivers::file_log::include: is required (a list of a string)']);
    assert.deepEqual(issuesOf({ include: ['x'], start_at: 'begining', fingerprint_size: '8b', encoding: 'utf-32', multiline: { line_start_pattern: '(' } }), [
      'receivers::file_log::start_at: must be one of "end", "beginning", got "begining"; did you mean "beginning"?',
      'receivers::file_log::fingerprint_size: must be at least 16 bytes, got "8b"',
      'receivers::file_log::encoding: must be one of "utf-8", "utf8", "utf-16le", "utf-16be", "latin1", "iso-8859-1", "ascii", "us-ascii", "nop", got "utf-32"; did you mean "utf-8"?',
    ]);
    assert.deepEqual(issuesOf({ include: ['x'], multiline: { line_start_pattern: '(', line_end_pattern: 'x' } }), [
      'receivers::file_log::multiline: set only one of line_start_pattern and line_end_pattern',
      'receivers::file_log::multiline::line_start_pattern: is not a valid regular expression: Invalid regular expression: /(/: Unterminated group',
    ]);
    assert.deepEqual(issuesOf({ include: ['x'], max_log_size: 'lots' }), ['receivers::file_log::max_log_size: must be a byte size such as "1kb", "16KiB" or "1MiB", got "lots"']);
  });

  it('refuses to start when storage names no storage extension, naming the key relative to the component', async () => {
    const issues: ConfigIssue[] = [];
    const cfg = factory.config.decode({ include: ['x.log'], storage: 'file_storage/missing' }, '', issues)!;
    const rx = factory.create(testSettings('file_log', 'receiver'), cfg, { logs: new SinkConsumer<LogRecord>() });
    // The collector adds `receiver "file_log" failed to start: ` once; the error itself starts at the key.
    await assert.rejects(rx.start(NO_HOST), /^Error: storage: "file_storage\/missing" is not a configured storage extension/);
    await rx.shutdown();
  });
});
