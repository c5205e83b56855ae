package dev.jitgate.access.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jitgate.access.model.DurationText;
import dev.jitgate.access.model.InvalidFieldException;
import java.io.IOException;
import java.time.Duration;

/**
 * The JSON form of the access model, shared by the stores (entity bodies), the admin API and the CLI:
 * instants as ISO-8601 text, durations in the compact form ({@code 2h}, accepting ISO too), enums by
 * their lower-case wire names, records by component name.
 */
public final class AccessJson {
  private AccessJson() {}

  /**
   * A mapper for untrusted input: unknown fields, numbers for enums and trailing tokens are errors;
   * absent primitives take their defaults (false, 0). Each call returns a new mapper; share it within one component.
   */
  public static ObjectMapper strict() {
    return base()
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
  }

  /**
   * A mapper for data jitgate wrote itself (store bodies, API responses read by the CLI): unknown fields
   * are ignored so that a newer writer does not break an older reader during a rolling upgrade.
   */
  public static ObjectMapper lenient() {
    return base().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }

  private static JsonMapper.Builder base() {
    SimpleModule durations = new SimpleModule("jitgate-durations");
    durations.addSerializer(Duration.class, new DurationSerializer());
    durations.addDeserializer(Duration.class, new DurationDeserializer());
    return JsonMapper.builder()
        .addModule(new JavaTimeModule())
        .addModule(durations)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  }

  private static final class DurationSerializer extends JsonSerializer<Duration> {
    @Override
    public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(DurationText.format(value));
    }
  }

  private static final class DurationDeserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw new InvalidFieldException(p.currentName() == null ? "duration" : p.currentName(),
            "must be a string such as \"2h\"");
      }
      return DurationText.parse(p.currentName() == null ? "duration" : p.currentName(), p.getText());
    }
  }
}
