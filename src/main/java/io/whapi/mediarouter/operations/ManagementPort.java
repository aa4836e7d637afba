package io.whapi.mediarouter.operations;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The port the actuator's own server listens on, learnt when it starts (it may be random): the
 * operations' security applies to requests on it, and to nothing on the webhook port.
 */
public class ManagementPort implements ApplicationListener<WebServerInitializedEvent> {

    private volatile int port = -1;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if ("management".equals(event.getApplicationContext().getServerNamespace())) {
            port = event.getWebServer().getPort();
        }
    }

    public boolean matches(HttpServletRequest request) {
        return request.getLocalPort() == port;
    }
}
