# Python JSON logging (python-json-logger, structlog's JSON renderer) with ddtrace log injection:
#   {"asctime": "2024-01-02 03:04:05,006", "levelname": "INFO", "name": "app", "message": "hi",
#    "dd.trace_id": "16108321602917563239", "dd.span_id": "12837828046733169079",
#    "dd.service": "web", "dd.env": "prod", "dd.version": "1.0"}
# Ids must be written as JSON strings: JSON numbers are read as floats and lose digits above 2^53.
json(_, `dd.trace_id`, trace_id)
json(_, `dd.span_id`, span_id)
json(_, `dd.service`, service)
json(_, `dd.env`, env)
json(_, `dd.version`, version)
json(_, levelname, level)
json(_, level, level)
json(_, name, "logger.name")
json(_, asctime, time)
json(_, timestamp, time)
# `message` is the raw line itself, so it is taken last.
json(_, message)
default_time(time)
