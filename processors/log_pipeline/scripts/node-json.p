# Node.js JSON logs with dd-trace log injection (DD_LOGS_INJECTION=true): pino and winston put a
# nested `dd` object in each line.
#   pino:    {"level":30,"time":1700000000123,"pid":7,"hostname":"h","dd":{"trace_id":"...","span_id":"...","service":"web","env":"prod","version":"1.0"},"route":"/a","msg":"hi"}
#   winston: {"level":"info","message":"hi","timestamp":"2024-01-02T03:04:05.006Z","dd":{...}}
# trace_id is 32 hex digits for 128-bit traces, else decimal; both join the span. Every other key
# is kept as a field (objects and lists as JSON text); pino's `err` object becomes
# exception.type, exception.message and exception.stacktrace (its other keys err.<key>).
j = load_json(_)
if value_type(j) != "map" {
  exit()
}
for k in j {
  if k == "hostname" {
    pt_kvs_set("host.name", j[k])
  } elif k == "pid" {
    pt_kvs_set("process.pid", j[k])
  } elif k == "timestamp" {
    pt_kvs_set("time", j[k])
  } elif k != "dd" && k != "err" && j[k] != nil {
    pt_kvs_set(k, j[k])
  }
}
dd = j["dd"]
if value_type(dd) == "map" {
  for k in dd {
    pt_kvs_set("dd." + k, dd[k])
  }
}
e = j["err"]
if value_type(e) == "map" {
  for k in e {
    if k == "type" {
      pt_kvs_set("exception.type", e[k])
    } elif k == "message" {
      pt_kvs_set("exception.message", e[k])
    } elif k == "stack" {
      pt_kvs_set("exception.stacktrace", e[k])
    } else {
      pt_kvs_set("err." + k, e[k])
    }
  }
} elif e != nil {
  pt_kvs_set("err", e)
}
default_time(time)
