package io.cairn.embedded.esnode;

import org.apache.logging.log4j.LogManager;

import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets go of the JNA copy that Elasticsearch's native access unpacks (from {@code elasticsearch-native}) into a
 * class loader of its own, child of ours, on Java 17-20 (from Java 21 on it uses the JDK's FFI instead).
 *
 * <p>Two things of that JNA would keep the whole isolated class loader, with all of Elasticsearch's classes, alive
 * after the node is closed: the JNI global references behind the {@code Native.register} of Elasticsearch's zstd
 * binding, and JNA's "JNA Cleaner" thread, which never ends on its own. The first is released by JNA's own
 * {@code Native.dispose()} (private, hence reflection), the second ends when interrupted (logging that to JUL at
 * SEVERE, which is muted meanwhile). Both steps are best effort: if JNA changes, the node still stops, only its
 * class loader stays in memory.
 */
final class JnaRelease {

    private JnaRelease() {}

    static void release() {
        ClassLoader ours = JnaRelease.class.getClassLoader();
        try {
            // org.elasticsearch.nativeaccess.lib.NativeLibraryProvider (elasticsearch-native is a run-time dependency only)
            Class<?> providerType = Class.forName("org.elasticsearch.nativeaccess.lib.NativeLibraryProvider", true, ours);
            Object provider = providerType.getMethod("instance").invoke(null);
            Object name = providerType.getMethod("getName").invoke(provider);
            ClassLoader jnaLoader = provider.getClass().getClassLoader();
            if ("jna".equals(name) && jnaLoader != null && jnaLoader != ours) {
                Method dispose = Class.forName("com.sun.jna.Native", true, jnaLoader).getDeclaredMethod("dispose");
                dispose.setAccessible(true);
                dispose.invoke(null);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LogManager.getLogger(JnaRelease.class).debug("could not dispose of JNA", e);
        }
        stopCleanerThread(ours);
    }

    private static void stopCleanerThread(ClassLoader ours) {
        Logger jul = Logger.getLogger("com.sun.jna.internal.Cleaner");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("JNA Cleaner") && loadedUnder(t.getClass(), ours)) {
                Level previous = jul.getLevel();
                jul.setLevel(Level.OFF);
                try {
                    t.interrupt();
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    jul.setLevel(previous);
                }
            }
        }
    }

    /**
     * Whether {@code type} comes from {@code ours} or from a loader that is itself one of its classes (Elasticsearch's
     * embedded-implementation loaders delegate to ours without naming it as their parent).
     */
    private static boolean loadedUnder(Class<?> type, ClassLoader ours) {
        for (ClassLoader l = type.getClassLoader(); l != null; l = l.getParent()) {
            if (l == ours || l.getClass().getClassLoader() == ours) {
                return true;
            }
        }
        return false;
    }
}
