package io.cairn.embedded.esnode;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.LayoutComponentBuilder;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.elasticsearch.common.logging.LogConfigurator;

import java.nio.file.Path;

/**
 * Logging of the embedded node, set up programmatically in the isolated class loader's own log4j.
 *
 * <p>Deliberately not {@link LogConfigurator#configure}: that one replaces {@code System.out}/{@code System.err}
 * and installs a JUL bridge, which are JVM-wide and would take over the host application's console.
 * Here: everything at INFO and above goes to {@code <path.logs>/elasticsearch.log} (rolled at 20 MB, 5 kept),
 * and only WARN and above also to the console, except deprecation warnings, which go to the file only.
 */
final class EsLogging {

    private EsLogging() {}

    static LoggerContext configure(Path logsDir, Level consoleLevel) {
        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.setConfigurationName("cairn-embedded-elasticsearch");
        b.setStatusLevel(Level.ERROR);
        b.setShutdownHook("disable");

        LayoutComponentBuilder fileLayout = b.newLayout("PatternLayout")
            .addAttribute("pattern", "[%d{ISO8601}][%-5p][%-25c{1.}] [%t] %marker%m%n");
        LayoutComponentBuilder consoleLayout = b.newLayout("PatternLayout")
            .addAttribute("pattern", "%d{ISO8601} %5p [elasticsearch] %c{1.} : %m%n");

        AppenderComponentBuilder file = b.newAppender("file", "RollingFile")
            .addAttribute("fileName", logsDir.resolve("elasticsearch.log").toString())
            .addAttribute("filePattern", logsDir.resolve("elasticsearch-%i.log.gz").toString())
            .add(fileLayout)
            .addComponent(
                b.newComponent("Policies").addComponent(b.newComponent("SizeBasedTriggeringPolicy").addAttribute("size", "20MB"))
            )
            .addComponent(b.newComponent("DefaultRolloverStrategy").addAttribute("max", "5"));
        AppenderComponentBuilder console = b.newAppender("console", "Console")
            .addAttribute("target", "SYSTEM_OUT")
            .add(consoleLayout)
            .add(b.newFilter("ThresholdFilter", Filter.Result.ACCEPT, Filter.Result.DENY).addAttribute("level", consoleLevel));
        // Elasticsearch's own appender that turns deprecation log lines into HTTP "Warning" response headers
        AppenderComponentBuilder headerWarning = b.newAppender("header_warning", "HeaderWarningAppender");
        b.add(file);
        b.add(console);
        b.add(headerWarning);
        b.add(b.newRootLogger(Level.INFO).add(b.newAppenderRef("file")).add(b.newAppenderRef("console")));
        // deprecation warnings about API use: to the node's log and to the response's Warning header (as in a
        // real node), not to the application's console
        b.add(
            b.newLogger("org.elasticsearch.deprecation", Level.WARN)
                .addAttribute("additivity", false)
                .add(b.newAppenderRef("file"))
                .add(b.newAppenderRef("header_warning"))
        );

        // Keyed by this (isolated) class loader: every Elasticsearch class loaded by it logs through this context.
        LoggerContext context = Configurator.initialize(EsLogging.class.getClassLoader(), b.build());
        // route org.elasticsearch.logging (the server's own logging API) to log4j
        LogConfigurator.configureESLogging();
        return context;
    }

    static void shutdown(LoggerContext context) {
        if (context != null) {
            Configurator.shutdown(context);
        }
    }
}
