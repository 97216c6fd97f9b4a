# Go standard-library `log` lines with dd-trace-go span context, written as Datadog's Go docs show:
#   log.Printf("msg %v", span)      2024/01/02 03:04:05.006007 INFO msg dd.service=web dd.env=prod dd.version=1.0 dd.trace_id="6740b4f400000000df8c4126fda6fb67" dd.span_id="12837828046733169079" dd.parent_id="0"
#   ids from span.Context()         2024/01/02 03:04:05 msg dd.trace_id=16108321602917563239 dd.span_id=12837828046733169079
# Optional after the time: a `file.go:12:` location (Lshortfile/Llongfile) and an upper-case level.
# dd-trace-go v1 writes decimal low-64 trace ids, v2 32 hex digits for 128-bit traces; both join.
add_pattern("GOLOGTIME", "\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?")
add_pattern("GOSOURCE", "\\S+\\.go:\\d+")
add_pattern("GOLEVEL", "TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|CRITICAL|FATAL|PANIC")
add_pattern("DDCONTEXT", "dd\\.[a-z_]+=.*")
grok(_, "^%{GOLOGTIME:time}\\s+(?:%{GOSOURCE:code}:\\s+)?(?:\\[?%{GOLEVEL:level}\\]?:?\\s+)?%{DATA:message}(?:\\s+%{DDCONTEXT:dd_context})?$")
kv_split(dd_context, include_keys=["dd.service", "dd.env", "dd.version", "dd.trace_id", "dd.span_id"], trim_value="\"")
drop_key(dd_context)
if code == "" { drop_key(code) } else { rename("code.location", code) }
if level == "" { drop_key(level) }
default_time(time)
