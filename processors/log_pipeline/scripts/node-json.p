# Node.js JSON logs with dd-trace log injection (DD_LOGS_INJECTION=true): pino and winston put a
# nested `dd` object in each line.
#   pino:    {"level":30,"time":1700000000123,"hostname":"h","dd":{"trace_id":"...","span_id":"...","service":"web","env":"prod","version":"1.0"},"msg":"hi"}
#   winston: {"level":"info","message":"hi","timestamp":"2024-01-02T03:04:05.006Z","dd":{...}}
# trace_id is 32 hex digits for 128-bit traces, else decimal; both join the span.
json(_, dd.trace_id, trace_id)
json(_, dd.span_id, span_id)
json(_, dd.service, service)
json(_, dd.env, env)
json(_, dd.version, version)
json(_, level, level)
json(_, hostname, "host.name")
json(_, pid, "process.pid")
json(_, time, time)
json(_, timestamp, time)
json(_, msg, message)
json(_, message)
default_time(time)
