/**
 * The complaint finder on records in each tracer's real log format: the e2e suites' "no complaint"
 * assertions are only as good as this.
 */
import assert from 'node:assert/strict';
import { agentComplaints, tracerRecords } from './complaints';

describe('tracer log complaints', () => {
  it('groups continuation lines into their record and reads each tracer\'s level', () => {
    const py = tracerRecords('python', [
      '2026-12-07 02:58:52,132 DEBUG [ddtrace.internal.remoteconfig.worker] [worker.py:68] - Agent is down or Remote Config is not enabled in the Agent',
      'Check your Agent version, you need an Agent running on 7.39.1 version or above.',
      '2026-12-07 02:58:52,724 WARNING [ddtrace.internal.writer] [writer.py:1] - x',
    ].join('\n'));
    assert.deepEqual(py.map((r) => r.level), ['DEBUG', 'WARNING']);
    assert.match(py[0].text, /7\.39\.1/);
    assert.deepEqual(tracerRecords('go', '2026/12/07 03:03:29 Datadog Tracer v2.12.0 ERROR: lost 3 traces\n\tstack').map((r) => r.level), ['ERROR']);
    assert.deepEqual(tracerRecords('java', '[dd.trace 2026-12-07 03:06:04:458 +0000] [dd-task-scheduler] WARN datadog.trace.X - y').map((r) => r.level), ['WARN']);
  });

  it('finds warnings, errors and lost data at any level; leaves zero counters and known complaints out', () => {
    const log = [
      '[dd.trace 2026-12-07 03:06:27:138 +0000] [dd-trace-processor] DEBUG d.DDAgentApi - Success while sending 2 traces. Total: 2, Received: 2, Sent: 2, Failed: 0.',
      '[dd.trace 2026-12-07 03:06:27:139 +0000] [dd-trace-processor] DEBUG d.PayloadDispatcher - Failed to send 3 traces to the API',
      '[dd.trace 2026-12-07 03:06:27:140 +0000] [dd-trace-processor] ERROR d.DDAgentApi - Error while sending traces: 400',
      '[dd.trace 2026-12-07 03:06:27:141 +0000] [main] INFO d.StatusLogger - DATADOG TRACER CONFIGURATION {"agent_error":false}',
    ].join('\n');
    assert.deepEqual(agentComplaints('java', log).map((c) => c.slice(62)), ['DEBUG d.PayloadDispatcher - Failed to send 3 traces to the API', 'ERROR d.DDAgentApi - Error while sending traces: 400']);
    assert.deepEqual(agentComplaints('python', "2026-12-07 03:12:54,629 DEBUG [ddtrace._trace.processor] [__init__.py:473] - Encoding 9 spans. Spans dropped by trace processors: 0."), []);
    assert.deepEqual(agentComplaints('python', "2026-12-07 03:12:54,629 DEBUG [ddtrace._trace.processor] [x.py:1] - Spans dropped by trace processors: 4."), [
      '2026-12-07 03:12:54,629 DEBUG [ddtrace._trace.processor] [x.py:1] - Spans dropped by trace processors: 4.',
    ]);
    // No longer a known complaint (/info lists the debugger paths): reported like any other warning.
    assert.equal(agentComplaints('python', "2026-12-07 02:58:52,724 WARNING [ddtrace.debugging._uploader] [_uploader.py:164] - debugger::unsupported_agentUnsupported Datadog agent detected.").length, 1);
    assert.deepEqual(agentComplaints('go', "2026/12/07 03:03:29 Datadog Tracer v2.12.0 INFO: DATADOG TRACER CONFIGURATION {\"agent_error\":\"connection refused\"}").length, 1);
  });
});
