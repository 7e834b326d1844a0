package io.cairn.catalog.hms;

/**
 * The session of the connection a call arrives on. The thread-pool server serves each connection on one thread
 * and sets the session before every call (see {@link HmsServer}).
 */
final class HmsSessions {

    private static final ThreadLocal<HmsSession> CURRENT = new ThreadLocal<>();

    private HmsSessions() {
    }

    static HmsSession current() {
        HmsSession session = CURRENT.get();
        if (session == null) {
            throw new IllegalStateException("no metastore session on this thread");
        }
        return session;
    }

    static void set(HmsSession session) {
        CURRENT.set(session);
    }

    static void clear() {
        CURRENT.remove();
    }
}
