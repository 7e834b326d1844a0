package io.cairn.metadata.auth;

import java.util.regex.Pattern;

final class ClientIds {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private ClientIds() {
    }

    static void validate(String clientId) {
        if (!VALID.matcher(clientId).matches()) {
            throw new IllegalArgumentException("client ids are 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }
}
