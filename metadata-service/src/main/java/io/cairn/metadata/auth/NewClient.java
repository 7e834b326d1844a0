package io.cairn.metadata.auth;

/** A client just created: the only moment its secret is known in clear. */
public record NewClient(ClientInfo client, String secret) {

    public ClientCredential credential() {
        return new ClientCredential(client.clientId(), secret);
    }

    @Override
    public String toString() {
        return "NewClient[" + client + ", secret=***]";
    }
}
