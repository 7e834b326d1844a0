package io.cairn.catalog.hms;

import io.cairn.metadata.auth.Actor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

/**
 * The server side of SASL PLAIN (RFC 4616), which the JDK ships only as a client: one message
 * {@code [authzid] NUL authcid NUL passwd}, checked through the {@link CredentialCallback} against Cairn's
 * clients. Only for connections the operator protects (PLAIN sends the secret as is, like HTTP basic auth).
 */
final class PlainSaslServer implements SaslServer {

    static final String MECHANISM = "PLAIN";
    /** The negotiated property holding the authenticated {@link Actor}. */
    static final String ACTOR = "io.cairn.actor";
    private static final int MAX_MESSAGE = 4096;

    /** Asks the callback handler to verify a client id and secret; it sets the actor when they are right. */
    static final class CredentialCallback implements Callback {
        private final String clientId;
        private final String secret;
        private Actor actor;

        CredentialCallback(String clientId, String secret) {
            this.clientId = clientId;
            this.secret = secret;
        }

        String clientId() {
            return clientId;
        }

        String secret() {
            return secret;
        }

        void authenticated(Actor actor) {
            this.actor = actor;
        }
    }

    private final CallbackHandler handler;
    private Actor actor;
    private boolean complete;

    PlainSaslServer(CallbackHandler handler) {
        this.handler = handler;
    }

    @Override
    public String getMechanismName() {
        return MECHANISM;
    }

    @Override
    public byte[] evaluateResponse(byte[] response) throws SaslException {
        if (complete) {
            throw new SaslException("PLAIN authentication already completed");
        }
        if (response == null || response.length > MAX_MESSAGE) {
            throw new SaslException("PLAIN message missing or longer than " + MAX_MESSAGE + " bytes");
        }
        String message = new String(response, StandardCharsets.UTF_8);
        int first = message.indexOf('\0');
        int second = first < 0 ? -1 : message.indexOf('\0', first + 1);
        if (first < 0 || second < 0 || message.indexOf('\0', second + 1) >= 0) {
            throw new SaslException("Malformed PLAIN message: expected [authzid] NUL authcid NUL passwd");
        }
        String authorizationId = message.substring(0, first);
        String clientId = message.substring(first + 1, second);
        String secret = message.substring(second + 1);
        if (clientId.isEmpty() || secret.isEmpty()) {
            throw new SaslException("PLAIN needs a client id and a secret");
        }
        if (!authorizationId.isEmpty() && !authorizationId.equals(clientId)) {
            throw new SaslException("Client " + clientId + " may not act as " + authorizationId);
        }
        CredentialCallback callback = new CredentialCallback(clientId, secret);
        try {
            handler.handle(new Callback[] {callback});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new SaslException("Cannot verify PLAIN credentials", e);
        }
        if (callback.actor == null) {
            throw new SaslException("Authentication failed for client " + clientId + ": unknown client, wrong secret or revoked");
        }
        actor = callback.actor;
        complete = true;
        return new byte[0];
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public String getAuthorizationID() {
        requireComplete();
        return actor.name();
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) throws SaslException {
        throw new IllegalStateException("PLAIN has no security layer");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) throws SaslException {
        throw new IllegalStateException("PLAIN has no security layer");
    }

    @Override
    public Object getNegotiatedProperty(String name) {
        requireComplete();
        return ACTOR.equals(name) ? actor : null;
    }

    @Override
    public void dispose() {
        actor = null;
    }

    private void requireComplete() {
        if (!complete) {
            throw new IllegalStateException("PLAIN authentication is not complete");
        }
    }
}
