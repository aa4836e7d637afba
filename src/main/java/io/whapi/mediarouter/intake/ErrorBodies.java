package io.whapi.mediarouter.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The small JSON body of an intake error: {@code {"status":400,"error":"..."}}. */
@Component
public class ErrorBodies {

    private final ObjectMapper json;

    public ErrorBodies(ObjectMapper json) {
        this.json = json;
    }

    public String json(int status, String error) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", error);
        return json.writeValueAsString(body);
    }
}
