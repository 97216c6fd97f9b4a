# Python `logging` with ddtrace log injection (DD_LOGS_INJECTION=true), ddtrace's default format:
#   2021-06-18 10:07:08,786 INFO [__main__] [app.py:26] [dd.service=web dd.env=prod dd.version=1.0 dd.trace_id=16108321602917563239 dd.span_id=12837828046733169079] - Hello
# Older ddtrace versions write `dd.service.name=`; both spellings are read. trace_id is decimal,
# or 32 hex digits for 128-bit traces; 0 when no span was active.
grok(_, "^%{TIMESTAMP_ISO8601:time}%{SPACE}%{LOGLEVEL:level}%{SPACE}\\[%{NOTSPACE:logger}\\]%{SPACE}\\[%{NOTSPACE:code}\\]%{SPACE}\\[%{DATA:dd_context}\\]%{SPACE}-%{SPACE}%{GREEDYDATA:message}")
grok(dd_context, "dd\\.service(?:\\.name)?=%{NOTSPACE:service}?%{SPACE}dd\\.env=%{NOTSPACE:env}?%{SPACE}dd\\.version=%{NOTSPACE:version}?%{SPACE}dd\\.trace_id=%{NOTSPACE:trace_id}%{SPACE}dd\\.span_id=%{NOTSPACE:span_id}")
drop_key(dd_context)
rename("logger.name", logger)
rename("code.location", code)
default_time(time)
