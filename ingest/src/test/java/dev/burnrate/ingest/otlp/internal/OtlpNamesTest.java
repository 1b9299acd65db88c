package dev.burnrate.ingest.otlp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.burnrate.ingest.otlp.internal.OtlpNames.Kind;
import org.junit.jupiter.api.Test;

class OtlpNamesTest {

  @Test
  void metricName_appendsTheUnitAndTypeSuffixes() {
    assertThat(OtlpNames.metricName("http.server.request.duration", "s", Kind.HISTOGRAM))
        .isEqualTo("http_server_request_duration_seconds");
    assertThat(OtlpNames.metricName("http.server.requests", "{request}", Kind.COUNTER))
        .isEqualTo("http_server_requests_total");
    assertThat(OtlpNames.metricName("rpc.latency", "ms", Kind.HISTOGRAM))
        .isEqualTo("rpc_latency_milliseconds");
    assertThat(OtlpNames.metricName("system.filesystem.usage", "By", Kind.GAUGE))
        .isEqualTo("system_filesystem_usage_bytes");
    assertThat(OtlpNames.metricName("system.memory.utilization", "1", Kind.GAUGE))
        .isEqualTo("system_memory_utilization_ratio");
    assertThat(OtlpNames.metricName("jobs.done", "1", Kind.COUNTER)).isEqualTo("jobs_done_total");
    assertThat(OtlpNames.metricName("net.io", "By/s", Kind.GAUGE))
        .isEqualTo("net_io_bytes_per_second");
    assertThat(OtlpNames.metricName("network.dropped", "packets", Kind.COUNTER))
        .isEqualTo("network_dropped_packets_total");
  }

  @Test
  void metricName_doesNotRepeatASuffixAlreadyInTheName() {
    assertThat(OtlpNames.metricName("request.duration.seconds", "s", Kind.HISTOGRAM))
        .isEqualTo("request_duration_seconds");
    assertThat(OtlpNames.metricName("requests.total", "", Kind.COUNTER))
        .isEqualTo("requests_total");
    assertThat(OtlpNames.metricName("total.requests", "", Kind.COUNTER))
        .isEqualTo("requests_total");
  }

  @Test
  void metricName_sanitisesCharacters_andPrefixesALeadingDigit() {
    assertThat(OtlpNames.metricName("(lambda).function.executions(#)", "", Kind.GAUGE))
        .isEqualTo("lambda_function_executions");
    assertThat(OtlpNames.metricName("2xx.responses", "", Kind.COUNTER))
        .isEqualTo("_2xx_responses_total");
    assertThat(OtlpNames.metricName("a__b--c", "", Kind.GAUGE)).isEqualTo("a_b_c");
    assertThat(OtlpNames.metricName("ns:metric", "", Kind.GAUGE)).isEqualTo("ns:metric");
  }

  @Test
  void labelName_replacesInvalidCharacters_andPrefixesKey() {
    assertThat(OtlpNames.labelName("http.route")).isEqualTo("http_route");
    assertThat(OtlpNames.labelName("http.response.status_code"))
        .isEqualTo("http_response_status_code");
    assertThat(OtlpNames.labelName("2fa")).isEqualTo("key_2fa");
    assertThat(OtlpNames.labelName("_private")).isEqualTo("key_private");
    assertThat(OtlpNames.labelName("__reserved")).isEqualTo("__reserved");
    assertThat(OtlpNames.labelName("région")).isEqualTo("r_gion");
  }

  @Test
  void formatBound_writesBoundsAsPrometheusDoes() {
    assertThat(OtlpTranslator.formatBound(0.005)).isEqualTo("0.005");
    assertThat(OtlpTranslator.formatBound(1)).isEqualTo("1");
    assertThat(OtlpTranslator.formatBound(2.5)).isEqualTo("2.5");
    assertThat(OtlpTranslator.formatBound(10000)).isEqualTo("10000");
    assertThat(OtlpTranslator.formatBound(1e-7)).isEqualTo("0.0000001");
    assertThat(OtlpTranslator.formatBound(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }
}
