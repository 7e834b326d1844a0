package io.cairn.embedded.elasticsearch;

/** The embedded Elasticsearch node could not be started or stopped; the message says why in one sentence. */
public class EmbeddedElasticsearchException extends RuntimeException {

    public EmbeddedElasticsearchException(String message) {
        super(message);
    }

    public EmbeddedElasticsearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
