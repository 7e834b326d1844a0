package io.cairn.embedded.esnode;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Copies throwables into JDK-only ones, so that nothing thrown across the class-loader boundary is an
 * Elasticsearch (or Lucene, Netty, log4j) class: callers can catch, log and keep them after the isolated class
 * loader is closed. A throwable whose whole cause tree is already JDK classes is passed through unchanged;
 * otherwise it becomes a {@link RuntimeException} (an {@link Error} stays an {@link Error}) whose message starts
 * with the original class name, and which keeps the original stack trace, cause chain and suppressed ones.
 */
final class JdkThrowables {

    private JdkThrowables() {}

    static Throwable translate(Throwable t) {
        return translate(t, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static Throwable translate(Throwable t, Set<Throwable> seen) {
        if (t == null) {
            return null;
        }
        if (isJdkOnly(t, Collections.newSetFromMap(new IdentityHashMap<>()))) {
            return t;
        }
        if (seen.add(t) == false) {
            return null; // a cycle: cut it
        }
        String text = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        Throwable cause = t.getCause() == t ? null : translate(t.getCause(), seen);
        Throwable copy = t instanceof Error ? new Error(text, cause) : new RuntimeException(text, cause);
        copy.setStackTrace(t.getStackTrace());
        for (Throwable suppressed : t.getSuppressed()) {
            Throwable s = translate(suppressed, seen);
            if (s != null) {
                copy.addSuppressed(s);
            }
        }
        return copy;
    }

    private static boolean isJdkOnly(Throwable t, Set<Throwable> seen) {
        if (t == null || seen.add(t) == false) {
            return true;
        }
        ClassLoader loader = t.getClass().getClassLoader();
        if (loader != null && loader != ClassLoader.getPlatformClassLoader()) {
            return false;
        }
        for (Throwable suppressed : t.getSuppressed()) {
            if (isJdkOnly(suppressed, seen) == false) {
                return false;
            }
        }
        return isJdkOnly(t.getCause(), seen);
    }
}
