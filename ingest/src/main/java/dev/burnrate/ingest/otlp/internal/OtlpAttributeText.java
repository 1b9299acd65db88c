package dev.burnrate.ingest.otlp.internal;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Base64;
import java.util.List;

/** An attribute value as label text: strings as they are, other values as their JSON. */
final class OtlpAttributeText {
  private OtlpAttributeText() {}

  /** An attribute value as a label value; arrays and maps as JSON, bytes as base64. */
  static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case INT_VALUE -> Long.toString(v.getIntValue());
      case DOUBLE_VALUE -> OtlpTranslator.formatBound(v.getDoubleValue());
      case BYTES_VALUE -> base64(v.getBytesValue());
      case ARRAY_VALUE -> {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.getArrayValue().getValuesCount(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          json(v.getArrayValue().getValues(i), sb);
        }
        yield sb.append(']').toString();
      }
      case KVLIST_VALUE -> {
        StringBuilder sb = new StringBuilder();
        json(v, sb);
        yield sb.toString();
      }
      default -> "";
    };
  }

  static void json(AnyValue v, StringBuilder sb) {
    switch (v.getValueCase()) {
      case STRING_VALUE, BYTES_VALUE -> quote(text(v), sb);
      case KVLIST_VALUE -> {
        sb.append('{');
        List<KeyValue> kvs = v.getKvlistValue().getValuesList();
        for (int i = 0; i < kvs.size(); i++) {
          if (i > 0) {
            sb.append(',');
          }
          quote(kvs.get(i).getKey(), sb);
          sb.append(':');
          json(kvs.get(i).getValue(), sb);
        }
        sb.append('}');
      }
      case VALUE_NOT_SET -> sb.append("null");
      default -> sb.append(text(v));
    }
  }

  static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
  }

  static String base64(ByteString b) {
    return Base64.getEncoder().encodeToString(b.toByteArray());
  }
}
