package io.whapi.managementport;

import io.whapi.mediarouter.operations.OperationsSwitch;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The console page, {@code /console/}, served by the actuator's own server only (a management
 * context configuration, loaded into that server's context, never the webhook port's). It lives
 * outside io.whapi.mediarouter so that the application's component scan does not load it into
 * the main context too. Static files from the jar (classpath:console/): no build chain, no CDN.
 * Behind the same login as the operations API, and only when that API is on.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(OperationsSwitch.class)
public class ConsolePageConfiguration {

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/console.js", "console.js",
            "/console.css", "console.css");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html;charset=UTF-8",
            "js", "text/javascript;charset=UTF-8",
            "css", "text/css;charset=UTF-8");

    @Bean
    public ServletRegistrationBean<HttpServlet> consolePage() {
        return new ServletRegistrationBean<>(new ConsoleServlet(), "/console", "/console/*");
    }

    private static final class ConsoleServlet extends HttpServlet {

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String path = request.getPathInfo();
            if (path == null) {
                response.sendRedirect(request.getContextPath() + "/console/");
                return;
            }
            String file = FILES.get(path);
            if (file == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            try (InputStream content = ConsolePageConfiguration.class.getResourceAsStream("/console/" + file)) {
                response.setContentType(TYPES.get(file.substring(file.lastIndexOf('.') + 1)));
                response.setHeader("Cache-Control", "no-store");
                response.setHeader("Content-Security-Policy", "default-src 'self'");
                content.transferTo(response.getOutputStream());
            }
        }
    }
}
