/**
 * Label names of the receiver item counters that several receivers register under one name. A
 * Prometheus metric has one label set, so every registration uses the same list (a receiver
 * leaves the labels it does not know empty). Exporter metrics live in exporterhelper/metrics.ts,
 * processor metrics in processorhelper/metrics.ts.
 */
export const RECEIVER_ITEM_LABELS = ['receiver', 'transport', 'endpoint', 'client_language'] as const;
