# Java (logback or log4j2) with dd-trace-java's MDC injection, using the pattern Datadog documents:
#   logback: %d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - [dd.trace_id=%X{dd.trace_id} dd.span_id=%X{dd.span_id}] %msg%n
#   log4j2:  %d{yyyy-MM-dd HH:mm:ss.SSS} %-5p [%t] %c{1} - [dd.trace_id=%X{dd.trace_id} dd.span_id=%X{dd.span_id}] %m%n
#   2024-01-02 03:04:05.006 [http-nio-8080-exec-1] INFO  c.e.Controller - [dd.trace_id=16108321602917563239 dd.span_id=12837828046733169079] hello
if !grok(_, "^%{TIMESTAMP_ISO8601:time}%{SPACE}\\[%{DATA:thread}\\]%{SPACE}%{LOGLEVEL:level}%{SPACE}%{NOTSPACE:logger}%{SPACE}-%{SPACE}%{GREEDYDATA:rest}") {
  grok(_, "^%{TIMESTAMP_ISO8601:time}%{SPACE}%{LOGLEVEL:level}%{SPACE}\\[%{DATA:thread}\\]%{SPACE}%{NOTSPACE:logger}%{SPACE}-%{SPACE}%{GREEDYDATA:rest}")
}
if !grok(rest, "^\\[dd\\.trace_id=%{NOTSPACE:trace_id}?%{SPACE}dd\\.span_id=%{NOTSPACE:span_id}?\\]%{SPACE}%{GREEDYDATA:message}") {
  rename(message, rest)
}
drop_key(rest)
rename("thread.name", thread)
rename("logger.name", logger)
default_time(time)
