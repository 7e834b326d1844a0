package io.cairn.server;

import io.cairn.server.config.CairnSettings;
import io.cairn.server.config.DataDirLock;
import io.cairn.server.config.Preflight;
import io.cairn.server.config.StartupException;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Starts Cairn: {@code java -jar cairn-server.jar}. */
public final class CairnServer {

    private CairnServer() {
    }

    public static void main(String[] args) {
        CairnSettings settings;
        DataDirLock lock;
        try {
            settings = bindSettings(args);
            lock = Preflight.check(settings);
        } catch (StartupException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("cairn: " + oneLine(e));
            System.exit(2);
            return;
        }
        SpringApplication application = new SpringApplication(CairnApplication.class);
        application.setDefaultProperties(Map.of("server.port", settings.port()));
        application.addListeners(event -> {
            if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                lock.close();
            }
        });
        try {
            application.run(args);
        } catch (RuntimeException e) {
            Throwable cause = rootStartupCause(e);
            if (cause != null) {
                System.err.println("cairn: " + cause.getMessage());
            }
            System.exit(1);
        }
    }

    static CairnSettings bindSettings(String[] args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
        return Binder.get(environment).bindOrCreate("cairn", CairnSettings.class);
    }

    private static Throwable rootStartupCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupException) {
                return t;
            }
        }
        return null;
    }

    private static String oneLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() != null && cause.getMessage().startsWith("Failed to bind")) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage()).replace('\n', ' ');
    }
}
