package io.whapi.mediarouter.operations;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.console.DefaultDevConsolesLoader;
import org.apache.camel.spi.PackageScanResourceResolver;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.FatJarPackageScanResourceResolver;
import org.apache.camel.support.PluginHelper;

/**
 * Camel's package scan as Camel Spring Boot installs it, but for one question: which developer
 * consoles are on the classpath. A context that keeps consoles asks it at every start, and in the
 * packaged jar the answer reads every entry of every nested jar: measured, 48.5 s to start with
 * the operations API on against 12.4 s with it off, ~36 s of CPU (jstack: DefaultDevConsolesLoader
 * in FatJarPackageScanResourceResolver). The connector keeps only the consoles it names, resolved
 * by id ({@link OperationsConfiguration#SAFE_CAMEL_CONSOLES}), so that scan found nothing it keeps:
 * it is answered with no resource. Every other scan (route files) goes on as before.
 */
final class ConsolesByIdOnly extends FatJarPackageScanResourceResolver {

    private static final String CONSOLES = DefaultDevConsolesLoader.META_INF_SERVICES;

    /** Puts itself in place of the context's package scan, keeping its class loaders. */
    static void install(CamelContext camel) {
        PackageScanResourceResolver installed = PluginHelper.getPackageScanResourceResolver(camel);
        ConsolesByIdOnly resolver = new ConsolesByIdOnly();
        resolver.setCamelContext(camel);
        installed.getClassLoaders().forEach(resolver::addClassLoader);
        camel.getCamelContextExtension().addContextPlugin(PackageScanResourceResolver.class, resolver);
    }

    @Override
    public Collection<Resource> findResources(String location) throws Exception {
        return location.startsWith(CONSOLES) ? List.of() : super.findResources(location);
    }

    @Override
    public Collection<Resource> findResources(String location, Predicate<String> filter) throws Exception {
        return location.startsWith(CONSOLES) ? List.of() : super.findResources(location, filter);
    }
}
